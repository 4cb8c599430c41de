package io.xsite.relay.internal.reliability;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import java.util.Objects;

/**
 * One element of an origin's stream to a destination. The body is held, not copied: neither side
 * changes it after handing it over.
 *
 * @param origin        the member that sent it and to which acknowledgements go
 * @param destination   where the stream goes
 * @param epoch         the stream's incarnation, never 0; a receiver that sees a new epoch starts over
 * @param seq           the element's position in the stream, from 1
 * @param lowestUnacked the oldest element the origin still holds ({@code 1 <= lowestUnacked <= seq}):
 *                      everything older was acknowledged, so an acknowledging receiver without state
 *                      for this epoch starts there
 * @param body          the relayed content
 */
public record Sequenced(UuidAddress origin, Destination destination, long epoch, long seq, long lowestUnacked,
                        Body body) {
    public Sequenced {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(body, "body");
        if (epoch == OriginEpochs.NO_EPOCH) {
            throw new IllegalArgumentException("epoch 0 means no stream");
        }
        if (seq < 1 || lowestUnacked < 1 || lowestUnacked > seq) {
            throw new IllegalArgumentException("need 1 <= lowestUnacked <= seq: " + lowestUnacked + ", " + seq);
        }
    }
}
