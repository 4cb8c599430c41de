package io.xsite.bench.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The ledger's order, loss and counting rules, from hand-made deliveries. */
class DeliveriesTest {

    @Test
    void countsInOrderDeliveriesPerSenderAndReceiver() {
        Deliveries ledger = new Deliveries(3);
        for (long seq = 1; seq <= 5; seq++) {
            ledger.record(1, Deliveries.payload(64, 0, seq), 0);
        }
        ledger.record(0, Deliveries.payload(64, 0, 1), 0);
        ledger.record(2, Deliveries.payload(64, 1, 1), 0);

        assertThat(ledger.received(1, 0)).isEqualTo(5);
        assertThat(ledger.received(2, 1)).isEqualTo(1);
        assertThat(ledger.outOfOrder()).isZero();
        // The sender's own copy (0 to 0) is not a remote delivery.
        assertThat(ledger.remote()).isEqualTo(6);
    }

    @Test
    void gapsAndDuplicatesAreOutOfOrder() {
        Deliveries ledger = new Deliveries(2);
        ledger.record(1, Deliveries.payload(16, 0, 1), 0);
        ledger.record(1, Deliveries.payload(16, 0, 3), 0);
        ledger.record(0, Deliveries.payload(16, 1, 1), 0);
        ledger.record(0, Deliveries.payload(16, 1, 1), 0);

        assertThat(ledger.outOfOrder()).isEqualTo(2);
    }

    @Test
    void missingComparesWithWhatWasSent() {
        Deliveries ledger = new Deliveries(2);
        ledger.record(1, Deliveries.payload(16, 0, 1), 0);
        ledger.record(1, Deliveries.payload(16, 0, 2), 0);

        assertThat(ledger.missing(new long[][] {{0, 0}, {2, 0}})).isZero();
        assertThat(ledger.missing(new long[][] {{1, 0}, {5, 0}})).isEqualTo(4);
    }

    @Test
    void readsThePayloadHeaderAtAnOffset() {
        Deliveries ledger = new Deliveries(2);
        byte[] payload = Deliveries.payload(32, 1, 1);
        byte[] framed = new byte[payload.length + 7];
        System.arraycopy(payload, 0, framed, 7, payload.length);

        ledger.record(0, framed, 7);

        assertThat(ledger.received(0, 1)).isEqualTo(1);
        assertThat(ledger.outOfOrder()).isZero();
    }

    @Test
    void rejectsPayloadsTooSmallForTheHeaderAndForeignSenders() {
        assertThatThrownBy(() -> Deliveries.payload(Deliveries.HEADER_BYTES - 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 12");
        Deliveries ledger = new Deliveries(2);
        assertThatThrownBy(() -> ledger.record(0, Deliveries.payload(16, 5, 1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside a cluster of 2");
    }
}
