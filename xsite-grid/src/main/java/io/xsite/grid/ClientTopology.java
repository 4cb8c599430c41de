package io.xsite.grid;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Where one cache's keys live, as a member tells cluster-aware Redis clients ({@code CLUSTER SLOTS},
 * {@code -MOVED}): per segment, the RESP endpoints of its owners in the member's current view, primary first.
 * Each segment covers a range of hash slots ({@link HashSlot#segment}). An immutable snapshot: a new view gives a
 * new one.
 *
 * <p>A segment whose primary has not told its RESP endpoint yet (it is starting) lists {@link #self()} as its
 * only owner: this member forwards such keys to their primary, as it does for clients that are not cluster-aware.
 *
 * @param segments       the cache's segment count
 * @param self           the member answering
 * @param nodes          every member with a known RESP endpoint, {@code self} first
 * @param segmentOwners  per segment, its owners among {@code nodes}, primary first; never empty
 */
public record ClientTopology(int segments, Node self, List<Node> nodes, List<List<Node>> segmentOwners) {

    /**
     * One member as clients see it.
     *
     * @param id   Redis Cluster's 40-character node id, from the member's UUID ({@link #idOf})
     * @param name the member's name
     * @param resp where its RESP server takes clients
     */
    public record Node(String id, String name, InetSocketAddress resp) {
        /** Checks the fields. */
        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(resp, "resp");
        }

        /** {@code host:port}, as {@code -MOVED} and {@code CLUSTER NODES} write it. */
        public String hostAndPort() {
            return resp.getHostString() + ":" + resp.getPort();
        }
    }

    /**
     * Slots {@code first} to {@code last} (inclusive), all with the same owners.
     *
     * @param owners primary first
     */
    public record SlotRange(int first, int last, List<Node> owners) {
    }

    /** Checks the fields. */
    public ClientTopology {
        nodes = List.copyOf(nodes);
        segmentOwners = segmentOwners.stream().map(List::copyOf).toList();
        if (segmentOwners.size() != segments || segmentOwners.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("every one of " + segments + " segments needs an owner: "
                    + segmentOwners);
        }
    }

    /** A member alone, owning every slot: a grid without other members, or not yet told about them. */
    public static ClientTopology alone(Node self, int segments) {
        return new ClientTopology(segments, self, List.of(self), Collections.nCopies(segments,
                List.of(self)));
    }

    /** The node id of the member whose UUID has these halves: its 32 hex digits, then 8 more mixed from both. */
    public static String idOf(long msb, long lsb) {
        return String.format("%016x%016x%08x", msb, lsb, (int) (msb ^ lsb ^ (msb >>> 32) ^ (lsb >>> 32)));
    }

    /** The member clients should send {@code slot}'s keys to. */
    public Node primaryOfSlot(int slot) {
        return segmentOwners.get(HashSlot.segment(slot, segments)).get(0);
    }

    /** The slots in ascending ranges, neighbouring segments with the same owners merged. */
    public List<SlotRange> ranges() {
        List<SlotRange> ranges = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            List<Node> owners = segmentOwners.get(segment);
            int first = HashSlot.firstSlot(segment, segments);
            int last = HashSlot.lastSlot(segment, segments);
            SlotRange previous = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (previous != null && previous.owners().equals(owners) && previous.last() == first - 1) {
                ranges.set(ranges.size() - 1, new SlotRange(previous.first(), last, owners));
            } else {
                ranges.add(new SlotRange(first, last, owners));
            }
        }
        return ranges;
    }
}
