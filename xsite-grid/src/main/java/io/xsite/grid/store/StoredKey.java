package io.xsite.grid.store;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A key as the store holds it: its bytes and their CRC32C. The hash is stable across members and JVMs:
 * it picks the key's segment ({@link #segment}) and orders keys within a segment for chunked transfers and
 * scans, so it must never change.
 *
 * @param bytes the key's bytes; shared, never modified
 * @param hash  the CRC32C of {@code bytes}
 */
record StoredKey(byte[] bytes, int hash) {

    /** The key of {@code bytes}, hashed. */
    static StoredKey of(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return new StoredKey(bytes, (int) crc.getValue());
    }

    /** The segment of this key among {@code segments}. */
    int segment(int segments) {
        return Integer.remainderUnsigned(hash, segments);
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
