package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.xsite.core.address.Address;
import io.xsite.core.codec.MalformedFrameException;
import io.xsite.core.gossip.GossipCodec;
import io.xsite.core.gossip.GossipData;
import io.xsite.core.gossip.GossipFraming;
import io.xsite.core.gossip.GossipHeader;
import io.xsite.core.gossip.PingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on one received frame (gossip-router-protocol.md 1.6): MESSAGEs are routed on their header
 * alone and forwarded as the received bytes; control frames are decoded and applied to the
 * {@link RoutingTable}. Confined to the router's event loop.
 */
final class FrameDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDispatcher.class);
    /** Group prefix of the answers to GET_MBRS for every group (JGroups' {@code Global.ALL_GROUPS}). */
    static final String ALL_GROUPS_PREFIX = "<<all-groups>>:";

    private final RoutingTable table;
    private final RouterMetrics metrics;

    FrameDispatcher(RoutingTable table, RouterMetrics metrics) {
        this.table = table;
        this.metrics = metrics;
    }

    /**
     * Handles {@code frame}, length prefix included; borrows it (forwarded frames are retained slices).
     *
     * @throws MalformedFrameException if the frame breaks the wire format
     */
    void onFrame(ClientConnection from, ByteBuf frame) {
        if (from.isClosed()) {
            return;
        }
        int start = frame.readerIndex();
        int frameBytes = frame.readableBytes();
        frame.skipBytes(GossipFraming.LENGTH_BYTES);
        GossipHeader header = from.headers().read(frame);
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
            LOG.debug("dropped MESSAGE from {} in group {} by {}: {}", header.sender(), header.group(), from,
                    reason.tag());
            return;
        }
        if (header.address() == null) {
            int sent = table.sendToGroup(members.values(), sender, frame.retainedSlice(start, frameBytes));
            metrics.forwarded(sent, frameBytes);
            return;
        }
        Registration dest = members.get(header.address());
        if (dest == null) {
            metrics.dropped(DropReason.UNKNOWN_DEST);
            LOG.debug("dropped MESSAGE to {} in group {} from {}: no such member", header.address(),
                    header.group(), from);
        } else if (dest.connection().send(frame.retainedSlice(start, frameBytes))) {
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
                table.register(new Registration(request.group(), request.address(), request.logicalName(),
                        request.physical(), from));
            }
            case UNREGISTER -> table.unregister(from, request.group(), request.address());
            case GET_MBRS -> answerMembers(from, request.group());
            default -> throw new IllegalStateException("not a control frame: " + request.type());
        }
    }

    /**
     * One GET_MBRS_RSP_LAST for a group, empty if it is unknown (JGroups answers nothing there); for
     * every group one response each, prefixed, the last one GET_MBRS_RSP_LAST.
     */
    private void answerMembers(ClientConnection from, String group) {
        if (group != null) {
            Map<Address, Registration> members = table.members(group);
            reply(from, GossipData.membersResponse(group, members == null ? List.of() : pingData(members), true));
            return;
        }
        Map<String, Map<Address, Registration>> groups = table.groups();
        if (groups.isEmpty()) {
            reply(from, GossipData.membersResponse(null, List.of(), true));
            return;
        }
        int remaining = groups.size();
        for (Map.Entry<String, Map<Address, Registration>> entry : groups.entrySet()) {
            remaining--;
            reply(from, GossipData.membersResponse(ALL_GROUPS_PREFIX + entry.getKey(), pingData(entry.getValue()),
                    remaining == 0));
        }
    }

    /** Answers {@code to}; a client that does not read its answers loses them like any other frame. */
    private void reply(ClientConnection to, GossipData answer) {
        if (!to.send(GossipFraming.encodeFramed(answer, to.channel().alloc()))) {
            metrics.dropped(DropReason.SLOW_RECEIVER);
        }
    }

    private static List<PingData> pingData(Map<Address, Registration> members) {
        List<PingData> result = new ArrayList<>(members.size());
        for (Registration member : members.values()) {
            result.add(PingData.registered(member.address(), member.name(), member.physical()));
        }
        return result;
    }
}
