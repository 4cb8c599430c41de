package io.xsite.grid.store;

import io.xsite.grid.HashSlot;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A key as the store holds it: its bytes, their CRC32C and its Redis Cluster hash slot. Both are stable across
 * members and JVMs and must never change: the slot picks the key's segment ({@link #segment}), so that
 * cluster-aware clients find its primary; the hash orders keys within a segment for chunked transfers and
 * scans (a slot's keys, all of one hash tag among them, would not spread over positions).
 *
 * @param bytes the key's bytes; shared, never modified
 * @param hash  the CRC32C of {@code bytes}
 * @param slot  the key's hash slot ({@link HashSlot#of})
 */
record StoredKey(byte[] bytes, int hash, int slot) {

    /** The key of {@code bytes}, hashed. */
    static StoredKey of(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return new StoredKey(bytes, (int) crc.getValue(), HashSlot.of(bytes));
    }

    /** The segment of this key among {@code segments}: the one its hash slot falls in. */
    int segment(int segments) {
        return HashSlot.segment(slot, segments);
    }

    /** The hash as an unsigned position in a segment's key order, 0 to 2^32-1. */
    long position() {
        return Integer.toUnsignedLong(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "key[" + bytes.length + " bytes, hash " + Integer.toHexString(hash) + "]";
    }
}
