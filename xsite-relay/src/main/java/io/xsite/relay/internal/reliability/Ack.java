package io.xsite.relay.internal.reliability;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import java.util.Objects;

/**
 * Cumulative acknowledgement of one stream, travelling from the acknowledging receiver back to the
 * origin: everything of {@code epoch} up to {@code seq} was delivered.
 *
 * @param origin      the stream's origin, to which the acknowledgement is routed
 * @param destination the stream's destination
 * @param epoch       the stream's incarnation, never 0
 * @param seq         the highest element delivered in order, {@code >= 0}
 */
public record Ack(UuidAddress origin, Destination destination, long epoch, long seq) {
    public Ack {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(destination, "destination");
        if (epoch == OriginEpochs.NO_EPOCH) {
            throw new IllegalArgumentException("epoch 0 means no stream");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("negative ack: " + seq);
        }
    }
}
