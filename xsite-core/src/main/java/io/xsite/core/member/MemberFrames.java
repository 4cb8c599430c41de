package io.xsite.core.member;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.frame.FrameEnvelope;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.core.internal.delivery.DeliveryCodec;
import io.xsite.core.internal.delivery.DeliveryMessage;
import io.xsite.core.internal.membership.MembershipCodec;
import io.xsite.core.internal.membership.MembershipMessage;
import io.xsite.core.transport.OutboundFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns membership and delivery messages into frames of one cluster and back: the
 * {@link FrameEnvelope} first, then the body of the message's family. One per member and direction (the
 * member decodes with one, its protocol encodes with another): what it remembers to save work (peers'
 * encoded headers, the last header map in its {@link DeliveryCodec}) is its member's alone. Thread-safe,
 * as the transports may decode on their I/O threads and encode where they write.
 */
final class MemberFrames {
    private final String cluster;
    private final UuidAddress self;
    /** One-way payloads of at least this many bytes stay in the frame (see {@link DeliveryCodec#decode}). */
    private final int keptPayloadBytes;
    /** Peers whose header bytes are remembered, at most; beyond it the memory starts over (churn, not a view). */
    private static final int MAX_REMEMBERED_PEERS = 1024;

    /** Each peer's part of the frame header, to compare frames with instead of decoding them. */
    private final Map<UuidAddress, byte[]> peerIdentities = new ConcurrentHashMap<>();
    /** This member's part of every frame header, encoded once (see {@link FrameEnvelope#identity}). */
    private final byte[] identity;
    private final DeliveryCodec delivery = new DeliveryCodec();

    /** Frames of {@code cluster} for {@code self}; decoded payloads of {@code keptPayloadBytes} or more stay in the frame. */
    MemberFrames(String cluster, UuidAddress self, int keptPayloadBytes) {
        this.cluster = cluster;
        this.self = self;
        this.keptPayloadBytes = keptPayloadBytes;
        this.identity = FrameEnvelope.identity(cluster, self);
    }

    /** A new frame holding {@code message}; the caller owns (and hands on, or releases) it. */
    ByteBuf encode(MembershipMessage message) {
        ByteBuf frame = Unpooled.buffer(2 + identity.length + 64);
        FrameEnvelope.encode(message.type(), identity, frame);
        MembershipCodec.encode(message, frame);
        return frame;
    }

    /** The frame holding {@code message}, encoded where the transport writes it. */
    OutboundFrame encode(DeliveryMessage message) {
        return new DeliveryFrame(delivery, DeliveryCodec.type(message), identity, message,
                2 + identity.length + DeliveryCodec.encodedSize(message));
    }

    /**
     * Decodes a frame that the transport says came from {@code from}; borrows {@code frame} (a message of the
     * result may hold a retained slice of it: the caller hands it to the protocol or closes it).
     *
     * @throws ForeignFrameException   if it belongs to another cluster or claims another sender
     * @throws MalformedFrameException if it breaks the wire format (an unknown version included)
     */
    Inbound decode(UuidAddress from, ByteBuf frame) {
        int type = FrameEnvelope.readTypeIfFrom(frame, identityOf(from));
        if (type < 0) {
            type = decodeUnexpectedEnvelope(from, frame);
        }
        if (MembershipCodec.isMembershipType(type)) {
            return new Inbound.Membership(from, MembershipCodec.decode(type, frame));
        }
        if (DeliveryCodec.owns(type)) {
            return new Inbound.Delivery(from, delivery.decode(type, frame, from, self,
                    keptPayloadBytes));
        }
        throw new MalformedFrameException("frame type", type);
    }

    /** The header every frame from {@code peer} starts with, after version and type; computed once per peer. */
    private byte[] identityOf(UuidAddress peer) {
        byte[] known = peerIdentities.get(peer);
        if (known != null) {
            return known;
        }
        if (peerIdentities.size() >= MAX_REMEMBERED_PEERS) {
            peerIdentities.clear();
        }
        return peerIdentities.computeIfAbsent(peer, p -> FrameEnvelope.identity(cluster, p));
    }

    /** Decodes a header that is not the expected one, to say why the frame is refused (or to read a valid one). */
    private int decodeUnexpectedEnvelope(UuidAddress from, ByteBuf frame) {
        FrameEnvelope envelope = FrameEnvelope.decode(frame);
        if (!cluster.equals(envelope.cluster())) {
            throw new ForeignFrameException("cluster " + envelope.cluster());
        }
        if (!envelope.sender().equals(from)) {
            throw new ForeignFrameException("sender " + envelope.sender() + " on the connection of " + from);
        }
        // The same member and cluster in another encoding (say, a longer string form): valid after all.
        return envelope.type();
    }

    /** A well-formed frame that is not ours to take: another cluster, or a sender that is not the peer. */
    static final class ForeignFrameException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ForeignFrameException(String what) {
            super(what);
        }
    }

    /** A delivery message with this member's frame header, written when the transport has room for it. */
    private record DeliveryFrame(DeliveryCodec codec, int type, byte[] identity, DeliveryMessage message, int size)
            implements OutboundFrame {
        @Override
        public void writeTo(ByteBuf out) {
            FrameEnvelope.encode(type, identity, out);
            codec.encode(message, out);
        }
    }
}
