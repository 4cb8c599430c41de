package io.xsite.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StreamLedgerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final StreamLedger ledger = new StreamLedger();

    @Test
    void aStreamInOrderIsCompleteWhenItsLastNumberArrives() {
        boolean[] completed = LongStream.rangeClosed(1, 5).mapToObj(seq -> number(11, seq, 5))
                .collect(() -> new boolean[5], (done, p) -> done[(int) p.seq() - 1] = ledger.onNumber("a:nyc", p,
                        T0.plusMillis(p.seq())), (x, y) -> { });

        assertThat(completed).containsExactly(false, false, false, false, true);
        StreamReport report = ledger.reports().get(0);
        assertThat(report).isEqualTo(new StreamReport("a:nyc", "b", 5, 5, 5, 0, 0, 0, "", 5, T0.plusMillis(1),
                T0.plusMillis(5)));
        assertThat(report.complete()).isTrue();
    }

    @Test
    void duplicatesGapsAndLateNumbersAreCountedApart() {
        for (long seq : new long[] {1, 2, 2, 5, 3, 1}) {
            ledger.onNumber("a:nyc", number(1, seq, 6), T0);
        }

        StreamReport report = ledger.reports().get(0);
        assertThat(report.received()).isEqualTo(6);
        assertThat(report.distinct()).isEqualTo(4);
        assertThat(report.duplicates()).as("2 and 1 again").isEqualTo(2);
        assertThat(report.outOfOrder()).as("3 after 5").isEqualTo(1);
        assertThat(report.missing()).as("4 and 6").isEqualTo(2);
        assertThat(report.missingNumbers()).isEqualTo("4,6");
        assertThat(report.highest()).isEqualTo(5);
        assertThat(report.complete()).isFalse();
    }

    @Test
    void streamsOfOneSenderAndOfTwoSendersStayApartAndTheOldestAreForgotten() {
        ledger.onNumber("a:nyc", number(1, 1, 2), T0);
        ledger.onNumber("a:nyc", number(2, 1, 2), T0);
        ledger.onNumber("b:nyc", number(1, 2, 2), T0);
        assertThat(ledger.reports()).extracting(StreamReport::sender, StreamReport::stream)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a:nyc", "1"),
                        org.assertj.core.groups.Tuple.tuple("a:nyc", "2"), org.assertj.core.groups.Tuple.tuple("b:nyc", "1"));

        for (long stream = 3; stream < 3 + StreamLedger.MAX_STREAMS; stream++) {
            ledger.onNumber("a:nyc", number(stream, 1, 1), T0);
        }
        assertThat(ledger.reports()).hasSize(StreamLedger.MAX_STREAMS)
                .noneMatch(r -> r.sender().equals("b:nyc"));
    }

    @Test
    void theJsonDocumentNamesTheReceiverAndEveryCounter() throws Exception {
        ledger.onNumber("a:nyc", number(255, 2, 3), T0);

        JsonNode json = new ObjectMapper().readTree(ledger.json("sfc", "sfc1"));

        assertThat(json.path("site").asText()).isEqualTo("sfc");
        assertThat(json.path("member").asText()).isEqualTo("sfc1");
        JsonNode stream = json.path("streams").get(0);
        assertThat(stream.path("sender").asText()).isEqualTo("a:nyc");
        assertThat(stream.path("stream").asText()).isEqualTo("ff");
        assertThat(stream.path("count").asLong()).isEqualTo(3);
        assertThat(stream.path("received").asLong()).isEqualTo(1);
        assertThat(stream.path("missing").asLong()).isEqualTo(2);
        assertThat(stream.path("duplicates").asLong()).isZero();
        assertThat(stream.path("outOfOrder").asLong()).isZero();
        assertThat(stream.path("complete").asBoolean()).isFalse();
        assertThat(stream.path("firstAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    private static StreamPayload number(long stream, long seq, long count) {
        return StreamPayload.number(stream, seq, count);
    }
}
