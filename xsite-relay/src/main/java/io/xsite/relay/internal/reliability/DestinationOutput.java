package io.xsite.relay.internal.reliability;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.Loss;

/** What {@link DestinationStreams} asks of its owner; called on the owner's thread, from within its methods. */
public interface DestinationOutput {

    /** Hands {@code element} on: exactly once, in sequence order per (origin, destination, epoch). */
    void deliver(Sequenced element);

    /**
     * Sends a cumulative acknowledgement to {@code origin}: every element of the stream
     * ({@code origin}, {@code destination}, {@code epoch}) up to {@code seq} was delivered. Only a
     * {@link ReceiverRole#ACKNOWLEDGING} receiver calls it.
     */
    void ack(UuidAddress origin, Destination destination, long epoch, long seq);

    /**
     * A {@link ReceiverRole#SITE_MEMBER} receiver will never deliver elements {@code fromSeq} to {@code toSeq}
     * (inclusive) of a stream: the site master acknowledged them and left before they reached this member, this
     * member fell behind further than it holds, or it refused them ({@link #forgotten}). The owner tells the
     * origin ({@link Loss#SKIPPED}).
     */
    void skipped(UuidAddress origin, Destination destination, long epoch, long fromSeq, long toSeq);

    /**
     * The receiver refuses the stream's {@code epoch}: it had forgotten it, and cannot tell what it delivered of
     * it. The owner tells the origin ({@link Loss#FORGOTTEN}), which gives the epoch up and opens a new one.
     */
    void forgotten(UuidAddress origin, Destination destination, long epoch);
}
