package io.xsite.relay.reliability;

import io.xsite.core.address.UuidAddress;

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
     * A {@link ReceiverRole#SITE_MEMBER} receiver gave up waiting for elements {@code fromSeq} to
     * {@code toSeq} (inclusive) of a stream: the site master acknowledged them, then left before they
     * reached this member. This is the loss window of site multicasts; the owner counts and logs it.
     */
    void skipped(UuidAddress origin, Destination destination, long epoch, long fromSeq, long toSeq);
}
