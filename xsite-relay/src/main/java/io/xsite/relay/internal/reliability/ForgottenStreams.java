package io.xsite.relay.internal.reliability;

/**
 * The streams a receiver forgot entirely (beyond the positions it keeps), as a Bloom filter of their
 * 64-bit fingerprints: it may answer "maybe forgotten" for a stream it never saw, never "new" for one it
 * forgot. A receiver refuses a stream the filter may have seen rather than start it over, so a wrong
 * "maybe" costs a refused stream (its origin is told, and opens a new epoch), never a duplicate. Fixed
 * size ({@value #BITS} bits, 128 KiB), allocated when the first stream is forgotten: after about 200,000
 * forgotten streams one new stream in a hundred is refused once, after a million most are. Confined to
 * the thread of its owner {@link DestinationStreams}.
 */
final class ForgottenStreams {
    static final int BITS = 1 << 20;
    private static final int HASHES = 3;

    private final long[] words = new long[BITS / Long.SIZE];

    void add(long fingerprint) {
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(fingerprint, i);
            words[bit >>> 6] |= 1L << bit;
        }
    }

    boolean mayContain(long fingerprint) {
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(fingerprint, i);
            if ((words[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The {@code i}th bit position of {@code fingerprint}: double hashing over two mixes of it. */
    private static int bit(long fingerprint, int i) {
        long h1 = mix(fingerprint);
        long h2 = mix(h1) | 1;
        return (int) ((h1 + i * h2) >>> 44); // the top 20 bits: BITS positions
    }

    /** SplitMix64's finaliser: spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
