package io.xsite.core.member;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.xsite.core.address.UuidAddress;
import io.xsite.core.codec.FrameEnvelope;
import io.xsite.core.codec.MalformedFrameException;
import io.xsite.core.delivery.DeliveryCodec;
import io.xsite.core.delivery.DeliveryMessage;
import io.xsite.core.membership.MembershipCodec;
import io.xsite.core.membership.MembershipMessage;

/**
 * Turns membership and delivery messages into frames of one cluster and back: the
 * {@link FrameEnvelope} first, then the body of the message's family. Stateless and thread-safe, so
 * I/O threads decode and the member thread encodes.
 */
final class MemberFrames {
    private final String cluster;
    private final UuidAddress self;
    /** This member's part of every frame header, encoded once (see {@link FrameEnvelope#identity}). */
    private final byte[] identity;

    MemberFrames(String cluster, UuidAddress self) {
        this.cluster = cluster;
        this.self = self;
        this.identity = FrameEnvelope.identity(cluster, self);
    }

    /** A new frame holding {@code message}; the caller owns (and hands on, or releases) it. */
    ByteBuf encode(MembershipMessage message, ByteBufAllocator alloc) {
        ByteBuf frame = alloc.buffer(2 + identity.length + 64);
        FrameEnvelope.encode(message.type(), identity, frame);
        MembershipCodec.encode(message, frame);
        return frame;
    }

    /** A new frame holding {@code message}; the caller owns (and hands on, or releases) it. */
    ByteBuf encode(DeliveryMessage message, ByteBufAllocator alloc) {
        ByteBuf frame = alloc.buffer(2 + identity.length + DeliveryCodec.encodedSize(message));
        FrameEnvelope.encode(DeliveryCodec.type(message), identity, frame);
        DeliveryCodec.encode(message, frame);
        return frame;
    }

    /**
     * Decodes a frame that the transport says came from {@code from}; borrows {@code frame}.
     *
     * @throws ForeignFrameException   if it belongs to another cluster or claims another sender
     * @throws MalformedFrameException if it breaks the wire format (an unknown version included)
     */
    Inbound decode(UuidAddress from, ByteBuf frame) {
        FrameEnvelope envelope = FrameEnvelope.decode(frame);
        if (!cluster.equals(envelope.cluster())) {
            throw new ForeignFrameException("cluster " + envelope.cluster());
        }
        if (!envelope.sender().equals(from)) {
            throw new ForeignFrameException("sender " + envelope.sender() + " on the connection of " + from);
        }
        if (MembershipCodec.isMembershipType(envelope.type())) {
            return new Inbound.Membership(from, MembershipCodec.decode(envelope.type(), frame));
        }
        if (DeliveryCodec.owns(envelope.type())) {
            return new Inbound.Delivery(from, DeliveryCodec.decode(envelope.type(), frame, from, self));
        }
        throw new MalformedFrameException("frame type", envelope.type());
    }

    /** A well-formed frame that is not ours to take: another cluster, or a sender that is not the peer. */
    static final class ForeignFrameException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ForeignFrameException(String what) {
            super(what);
        }
    }
}
