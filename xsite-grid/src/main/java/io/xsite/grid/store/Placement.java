package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.CacheConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which members own which segments of one cache in one view: a pure function of the members, so every
 * member computes the same table (grid.md, "Placement"). Rendezvous hashing: each segment ranks every
 * member by a hash of (member, segment) and takes the best {@code owners}; the best is the primary. A
 * member that joins takes over only the segments it ranks first or second in (about {@code owners/n} of
 * them), and one that leaves hands over only its own; no other segment moves.
 */
final class Placement {
    private final List<UuidAddress> members;
    /** Per segment, indices into {@link #members}, primary first. */
    private final int[][] owners;

    private Placement(List<UuidAddress> members, int[][] owners) {
        this.members = members;
        this.owners = owners;
    }

    /**
     * The placement of {@code segments} segments on {@code members}.
     *
     * @param owners copies per segment, or {@link CacheConfig#ALL_MEMBERS}; capped at the member count
     */
    static Placement of(List<UuidAddress> members, int owners, int segments) {
        List<UuidAddress> copy = List.copyOf(members);
        int copies = owners == CacheConfig.ALL_MEMBERS ? copy.size() : Math.min(owners, copy.size());
        long[] memberHashes = copy.stream().mapToLong(m -> mix(m.msb() ^ Long.rotateLeft(m.lsb(), 29))).toArray();
        int[][] table = new int[segments][];
        Integer[] order = new Integer[copy.size()];
        long[] scores = new long[copy.size()];
        for (int segment = 0; segment < segments; segment++) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
                scores[i] = mix(memberHashes[i] + 0x9E3779B97F4A7C15L * (segment + 1));
            }
            // Highest score first; the member order breaks (improbable) ties, the same everywhere.
            Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Long.compareUnsigned(scores[b], scores[a]) : a - b);
            int[] chosen = new int[copies];
            for (int i = 0; i < copies; i++) {
                chosen[i] = order[i];
            }
            table[segment] = chosen;
        }
        return new Placement(copy, table);
    }

    /** The members the placement spreads segments over. */
    List<UuidAddress> members() {
        return members;
    }

    int segments() {
        return owners.length;
    }

    /** The owners of {@code segment}, primary first. */
    List<UuidAddress> owners(int segment) {
        int[] chosen = owners[segment];
        List<UuidAddress> result = new ArrayList<>(chosen.length);
        for (int index : chosen) {
            result.add(members.get(index));
        }
        return result;
    }

    UuidAddress primary(int segment) {
        return members.get(owners[segment][0]);
    }

    boolean isOwner(UuidAddress member, int segment) {
        for (int index : owners[segment]) {
            if (members.get(index).equals(member)) {
                return true;
            }
        }
        return false;
    }

    /** The murmur3 64-bit finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB93FE1A85EC3L;
        return z ^ (z >>> 33);
    }
}
