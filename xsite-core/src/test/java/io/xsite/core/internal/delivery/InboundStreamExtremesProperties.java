package io.xsite.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.delivery.DeliveryMessage.Ack;
import io.xsite.core.internal.delivery.DeliveryMessage.Data;
import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.delivery.Message;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A sender may put any sequence numbers the decoder lets through into its own stream, the largest
 * included: the receiving end never throws and its acknowledgements stay valid.
 */
class InboundStreamExtremesProperties {
    private static final UuidAddress SENDER = UuidAddress.siteUuid(new UUID(1, 1), "sender", "nyc", 0);
    private static final Parcel PARCEL = Parcel.oneWay(Message.of(SENDER, null, new byte[0]));

    @Property(tries = 500)
    void anyDecodableFramesKeepTheStreamSane(@ForAll("streams") List<Data> frames) {
        InboundStream stream = new InboundStream(SENDER, DeliveryConfig.DEFAULTS);
        long[] now = {0};

        for (Data frame : frames) {
            stream.onData(frame, 16, () -> now[0]++, parcel -> { });
            Ack ack = stream.takeAck();

            assertThat(ack.seq()).isBetween(0L, DeliveryMessage.MAX_SEQUENCE);
            assertThat(stream.delivered()).isBetween(0L, DeliveryMessage.MAX_SEQUENCE);
        }
    }

    @Provide
    Arbitrary<List<Data>> streams() {
        Arbitrary<Long> epochs = Arbitraries.of(1L, 2L, (7L << 32) | 1, (7L << 32) | 2, Long.MAX_VALUE, Long.MIN_VALUE);
        Arbitrary<Long> seqs = Arbitraries.oneOf(Arbitraries.longs().between(1, DeliveryMessage.MAX_SEQUENCE),
                Arbitraries.longs().between(1, 20),
                Arbitraries.of(DeliveryMessage.MAX_SEQUENCE, DeliveryMessage.MAX_SEQUENCE - 1));
        Arbitrary<Long> behind = Arbitraries.oneOf(Arbitraries.longs().between(0, 3), Arbitraries.longs());
        return Combinators.combine(epochs, seqs, behind)
                .as((epoch, seq, back) -> new Data(epoch, seq, Math.min(seq, Math.max(1, seq - Math.abs(back % seq))),
                        PARCEL))
                .list().ofMaxSize(30);
    }
}
