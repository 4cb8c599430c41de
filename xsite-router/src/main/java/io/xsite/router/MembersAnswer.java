package io.xsite.router;

import io.xsite.wire.gossip.GossipCodec;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.PingData;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the answer to a GET_MBRS (gossip-router-protocol.md 1.6) as frames within the format's limits:
 * a response's PingData count is a 2-byte signed short, so at most {@value #MAX_PING_DATA} entries go
 * into one frame, and at most {@value #MAX_FRAME_BYTES} bytes, well within any client's frame limit.
 * A group too large for one frame is answered in several of the same group name; every frame but the
 * very last of the answer is GET_MBRS_RSP, the last GET_MBRS_RSP_LAST. Collects on the asking connection's loop.
 */
final class MembersAnswer {
    static final int MAX_PING_DATA = Short.MAX_VALUE;
    static final int MAX_FRAME_BYTES = 1 << 20;
    /** What an entry adds to a response: the size of a response of one, less that of an empty one. */
    private static final int EMPTY_RESPONSE_BYTES = GossipCodec.encodedSize(
            GossipData.membersResponse(null, List.of(), false));

    private final int maxPingData;
    private final int maxFrameBytes;
    private final List<GossipData> frames = new ArrayList<>();
    private String group;
    private List<PingData> entries;
    private int bytes;

    MembersAnswer() {
        this(MAX_PING_DATA, MAX_FRAME_BYTES);
    }

    /** With smaller limits, for tests. */
    MembersAnswer(int maxPingData, int maxFrameBytes) {
        this.maxPingData = maxPingData;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Starts the responses for {@code group} (as it goes on the wire: prefixed for an all-groups query). */
    void group(String group) {
        flush();
        this.group = group;
        this.entries = new ArrayList<>();
        this.bytes = GossipCodec.encodedSize(GossipData.membersResponse(group, List.of(), false));
    }

    /** Adds a member of the current group, starting a new frame when this one is full. */
    void add(PingData entry) {
        int entryBytes = GossipCodec.encodedSize(GossipData.membersResponse(null, List.of(entry), false))
                - EMPTY_RESPONSE_BYTES;
        if (!entries.isEmpty() && (entries.size() == maxPingData || bytes + entryBytes > maxFrameBytes)) {
            String current = group;
            group(current);
        }
        entries.add(entry);
        bytes += entryBytes;
    }

    /** The frames in order, the last one GET_MBRS_RSP_LAST; one empty LAST frame for {@code null} when empty. */
    List<GossipData> frames() {
        flush();
        if (frames.isEmpty()) {
            return List.of(GossipData.membersResponse(null, List.of(), true));
        }
        GossipData last = frames.remove(frames.size() - 1);
        frames.add(GossipData.membersResponse(last.group(), last.pingData(), true));
        return List.copyOf(frames);
    }

    private void flush() {
        if (entries != null) {
            frames.add(GossipData.membersResponse(group, entries, false));
            entries = null;
        }
    }
}
