package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.gossip.GossipCodec;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import io.xsite.wire.gossip.GossipHeader;
import io.xsite.wire.gossip.GossipType;
import io.xsite.wire.gossip.PingData;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on one received frame (gossip-router-protocol.md 1.6): MESSAGEs are routed on their header
 * alone and forwarded as the received bytes; control frames are decoded and applied to the
 * {@link RoutingTable}. A name longer than maxNameLength, or a control frame longer than
 * maxControlFrameBytes, fails the frame (the connection is closed). One for the router, called on the loop of the
 * connection that sent the frame; it keeps no state of its own.
 */
final class FrameDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDispatcher.class);
    /** Group prefix of the answers to GET_MBRS for every group (JGroups' {@code Global.ALL_GROUPS}). */
    static final String ALL_GROUPS_PREFIX = "<<all-groups>>:";

    private final RoutingTable table;
    private final RouterMetrics metrics;
    private final int maxNameLength;
    private final int maxControlFrameBytes;

    FrameDispatcher(RoutingTable table, RouterMetrics metrics, int maxNameLength, int maxControlFrameBytes) {
        this.table = table;
        this.metrics = metrics;
        this.maxNameLength = maxNameLength;
        this.maxControlFrameBytes = maxControlFrameBytes;
    }

    /**
     * Handles {@code frame}, length prefix included; borrows it (forwarded frames are retained slices).
     *
     * @throws MalformedFrameException if the frame breaks the wire format
     * @throws RefusedFrameException   if the frame is within the format but over a limit
     */
    void onFrame(ClientConnection from, ByteBuf frame) {
        if (from.isClosed()) {
            return;
        }
        int start = frame.readerIndex();
        int frameBytes = frame.readableBytes();
        frame.skipBytes(GossipFraming.LENGTH_BYTES);
        GossipHeader header = from.headers().read(frame);
        checkName("group", header.group());
        checkAddress(header.address());
        checkAddress(header.sender());
        if (header.type() != GossipType.MESSAGE && frameBytes - GossipFraming.LENGTH_BYTES > maxControlFrameBytes) {
            throw new RefusedFrameException(DropReason.TOO_LONG, header.type() + " frame of "
                    + (frameBytes - GossipFraming.LENGTH_BYTES) + " bytes; the limit is " + maxControlFrameBytes);
        }
        switch (header.type()) {
            case MESSAGE -> onMessage(from, header, frame, start, frameBytes);
            case HEARTBEAT -> reply(from, GossipData.heartbeat());
            case REGISTER, UNREGISTER, GET_MBRS -> onControl(from,
                    GossipCodec.decode(frame.slice(start + GossipFraming.LENGTH_BYTES,
                            frameBytes - GossipFraming.LENGTH_BYTES)));
            case SUSPECT, GET_MBRS_RSP, GET_MBRS_RSP_LAST -> {
                metrics.dropped(DropReason.ROUTER_ONLY_TYPE);
                LOG.debug("ignored {} from {}", header.type(), from);
            }
        }
    }

    private void onMessage(ClientConnection from, GossipHeader header, ByteBuf frame, int start, int frameBytes) {
        // The payload is never decoded, but its length must fill the frame, or receivers would choke on it.
        if (frame.readableBytes() < 4 || frame.readInt() != frame.readableBytes()) {
            throw new MalformedFrameException("MESSAGE payload length does not match the frame");
        }
        Map<Address, Registration> members = table.members(header.group());
        Registration sender = members == null ? null : members.get(header.sender());
        if (sender == null || sender.connection() != from) {
            DropReason reason = sender == null ? DropReason.UNREGISTERED : DropReason.FORGED_SENDER;
            metrics.dropped(reason);
            LOG.debug("dropped MESSAGE from {} in group {} by {}: {}", LogText.clip(header.sender()),
                    LogText.clip(header.group()), from, reason.tag());
            return;
        }
        if (header.address() == null) {
            int sent = table.sendToGroup(members.values(), sender, frame.retainedSlice(start, frameBytes),
                    from.flushes());
            metrics.forwarded(sent, frameBytes);
            return;
        }
        Registration dest = members.get(header.address());
        if (dest == null) {
            metrics.dropped(DropReason.UNKNOWN_DEST);
            LOG.debug("dropped MESSAGE to {} in group {} from {}: no such member", LogText.clip(header.address()),
                    LogText.clip(header.group()), from);
        } else if (dest.connection().send(frame.retainedSlice(start, frameBytes), from.flushes())) {
            metrics.forwarded(1, frameBytes);
        } else {
            metrics.dropped(DropReason.SLOW_RECEIVER);
        }
    }

    private void onControl(ClientConnection from, GossipData request) {
        switch (request.type()) {
            case REGISTER -> {
                if (request.group() == null || request.address() == null) {
                    throw new MalformedFrameException("REGISTER without group or address");
                }
                checkName("logical name", request.logicalName());
                checkAddress(request.physical());
                table.register(new Registration(request.group(), request.address(), request.logicalName(),
                        request.physical(), from));
            }
            case UNREGISTER -> table.unregister(from, request.group(), request.address());
            case GET_MBRS -> answerMembers(from, request.group());
            default -> throw new IllegalStateException("not a control frame: " + request.type());
        }
    }

    /**
     * The members of {@code group}, or for a null group those of every group with the all-groups prefix,
     * as {@link MembersAnswer} splits them; one empty GET_MBRS_RSP_LAST for an unknown group (JGroups
     * answers nothing there). The answer is sent whole, or not at all to a client above its high water mark.
     */
    private void answerMembers(ClientConnection from, String group) {
        if (!from.channel().isWritable()) {
            metrics.dropped(DropReason.SLOW_RECEIVER);
            return;
        }
        MembersAnswer answer = new MembersAnswer();
        if (group != null) {
            answer.group(group);
            addAll(answer, table.members(group));
        } else {
            for (Map.Entry<String, Map<Address, Registration>> entry : table.groups().entrySet()) {
                answer.group(ALL_GROUPS_PREFIX + entry.getKey());
                addAll(answer, entry.getValue());
            }
        }
        for (GossipData frame : answer.frames()) {
            from.write(GossipFraming.encodeFramed(frame, from.channel().alloc()), from.flushes());
        }
    }

    private static void addAll(MembersAnswer answer, Map<Address, Registration> members) {
        if (members != null) {
            for (Registration member : members.values()) {
                answer.add(PingData.registered(member.address(), member.name(), member.physical()));
            }
        }
    }

    /** Answers {@code to}; a client that does not read its answers loses them like any other frame. */
    private void reply(ClientConnection to, GossipData answer) {
        if (!to.send(GossipFraming.encodeFramed(answer, to.channel().alloc()), to.flushes())) {
            metrics.dropped(DropReason.SLOW_RECEIVER);
        }
    }

    private void checkName(String what, String name) {
        if (name != null && name.length() > maxNameLength) {
            throw new RefusedFrameException(DropReason.NAME_TOO_LONG, what + " of " + name.length()
                    + " characters; the limit is " + maxNameLength);
        }
    }

    /** A site address carries a site name and a member name: the name limit applies to both. */
    private void checkAddress(Address address) {
        if (address instanceof UuidAddress uuid) {
            checkName("site name", uuid.site());
            checkName("member name", uuid.name());
        }
    }
}
