package io.xsite.grid.store;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What one segment holds, in a few bytes (grid.md, "Verify and repair"): the number of live values and the sum,
 * modulo 2^128, of the first 128 bits of each one's SHA-256 over key, value and expiry. A sum does not depend on
 * the order entries are met in, so two sites whose segments hold the same values have equal digests however
 * their maps are laid out, and a digest needs no memory beyond itself.
 *
 * <p>Only what a client can read counts: tombstones and values expired at the digest's instant are left out
 * (a removal that one site has swept and the other still keeps as a tombstone is the same contents), and so are
 * the entries' version, HLC timestamp and site stamps, which record how a site came to hold a value (versions
 * are site-local; two sites that converged hold the same values with histories of their own).
 *
 * @param segment the segment's number
 * @param keys    live values
 * @param high    the upper 64 bits of the sum
 * @param low     the lower 64 bits of the sum
 */
record SegmentDigest(int segment, long keys, long high, long low) {

    /** The digest of {@code store}'s values live at {@code nowMillis} (the same instant at every site compared). */
    static SegmentDigest of(int segment, SegmentStore store, long nowMillis) {
        Summer summer = new Summer(segment);
        store.forEach((key, entry) -> {
            if (entry.isLive(nowMillis)) {
                summer.add(key.bytes(), entry.value(), entry.expiresAt());
            }
        });
        return summer.digest();
    }

    /** Whether both digests stand for the same contents. */
    boolean sameContents(SegmentDigest other) {
        return keys == other.keys && high == other.high && low == other.low;
    }

    /** Adds up the hashes of one segment's values; one per digest, on one thread. */
    private static final class Summer {
        private final int segment;
        private final MessageDigest sha;
        private final ByteBuffer lengths = ByteBuffer.allocate(Long.BYTES);
        private long keys;
        private long high;
        private long low;

        Summer(int segment) {
            this.segment = segment;
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        void add(byte[] key, byte[] value, long expiresAt) {
            // Lengths first, so that no key/value split of the same bytes hashes alike.
            sha.update(lengths.clear().putInt(key.length).putInt(value.length).array());
            sha.update(key);
            sha.update(value);
            sha.update(lengths.clear().putLong(expiresAt).array());
            ByteBuffer hash = ByteBuffer.wrap(sha.digest());
            long addHigh = hash.getLong();
            long addLow = hash.getLong();
            long sumLow = low + addLow;
            high += addHigh + (Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0);
            low = sumLow;
            keys++;
        }

        SegmentDigest digest() {
            return new SegmentDigest(segment, keys, high, low);
        }
    }
}
