package io.xsite.grid;

/**
 * Redis Cluster's hash slots, which place keys in the grid too: a key's slot is the CRC16 (XMODEM: polynomial
 * 0x1021, initial value 0) of its hash tag, or of the whole key when it has none, modulo {@value #COUNT}. The
 * hash tag is what lies between the first {@code '{'} and the first {@code '}'} after it, if that is not empty,
 * so {@code {user1000}.following} and {@code {user1000}.followers} share a slot. A cache's segments each take a
 * contiguous range of slots ({@link #segment}), so a cluster-aware client that computes a key's slot finds the
 * member that is primary of the key's segment (docs/design.md, "Cluster-aware clients").
 */
public final class HashSlot {
    /** Slots of a Redis Cluster, numbered 0 to {@code COUNT - 1}. */
    public static final int COUNT = 16384;

    private static final int[] TABLE = crc16Table();

    private HashSlot() {
    }

    /** The slot of {@code key}. */
    public static int of(byte[] key) {
        int start = 0;
        int end = key.length;
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        int crc = 0;
        for (int i = start; i < end; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ key[i]) & 0xFF]) & 0xFFFF;
        }
        return crc & (COUNT - 1);
    }

    /**
     * The segment of {@code slot} among {@code segments}: slots are split into {@code segments} contiguous ranges
     * as even as can be (256 segments: 64 slots each).
     *
     * @throws IllegalArgumentException if {@code segments} is not between 1 and {@value #COUNT}
     */
    public static int segment(int slot, int segments) {
        checkSegments(segments);
        return (int) ((long) slot * segments / COUNT);
    }

    /** The first slot of {@code segment} among {@code segments}: the inverse of {@link #segment}. */
    public static int firstSlot(int segment, int segments) {
        checkSegments(segments);
        return (int) (((long) segment * COUNT + segments - 1) / segments);
    }

    /** The last slot of {@code segment} among {@code segments}. */
    public static int lastSlot(int segment, int segments) {
        return firstSlot(segment + 1, segments) - 1;
    }

    private static void checkSegments(int segments) {
        if (segments < 1 || segments > COUNT) {
            throw new IllegalArgumentException("segments must be between 1 and " + COUNT + ": " + segments);
        }
    }

    private static int indexOf(byte[] key, byte b, int from) {
        for (int i = from; i < key.length; i++) {
            if (key[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int[] crc16Table() {
        int[] table = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[b] = crc & 0xFFFF;
        }
        return table;
    }
}
