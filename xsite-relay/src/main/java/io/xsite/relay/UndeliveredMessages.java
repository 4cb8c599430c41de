package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.Loss;
import java.util.List;
import java.util.Objects;

/**
 * Messages this node sent to another site that will not be delivered (all, or at one member of a
 * destination site), told to {@link RelayListener#onUndelivered}. Every message a send accepted is
 * delivered once and in order to each member it was for, or counted in such an event for that member
 * (docs/design.md, "Relay: delivered once and in order, or the sender is told"); one that is counted may
 * still have arrived when its reason says so ({@link Loss}), never twice.
 *
 * @param to         where they were sent: a member, or every member of a site
 * @param reason     why they are not delivered
 * @param count      how many messages, at least 1
 * @param payloads   the messages' payloads, oldest first, when this node still held them (given up:
 *                   {@link Loss#SITE_DOWN}, {@link Loss#MEMBER_UNREACHABLE}, {@link Loss#FORGOTTEN}); empty when
 *                   a receiver reported them ({@link Loss#SKIPPED})
 * @param reportedBy the member that reported them: a receiver, or this node when it gave them up
 */
public record UndeliveredMessages(Destination to, Loss reason, long count, List<byte[]> payloads,
                                  UuidAddress reportedBy) {
    public UndeliveredMessages {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(reportedBy, "reportedBy");
        payloads = List.copyOf(payloads);
        if (count < 1 || (!payloads.isEmpty() && payloads.size() != count)) {
            throw new IllegalArgumentException("count " + count + " with " + payloads.size() + " payloads");
        }
    }
}
