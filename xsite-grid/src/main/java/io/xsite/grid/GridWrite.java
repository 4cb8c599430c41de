package io.xsite.grid;

/**
 * A write applied atomically at a key's primary. The set is what the RESP commands need: {@code SET}
 * with its options, {@code DEL}, {@code INCRBY} and family, {@code EXPIRE}/{@code PERSIST}.
 */
public sealed interface GridWrite {

    /** An unconditional store with the given expiry. */
    static GridWrite put(byte[] value, Expiry expiry) {
        return new Put(value, expiry, Condition.ALWAYS, false);
    }

    /** When a {@link Put} applies. */
    enum Condition {
        /** Always. */
        ALWAYS,
        /** Only if the key has no live entry (RESP {@code NX}). */
        IF_ABSENT,
        /** Only if the key has a live entry (RESP {@code XX}). */
        IF_PRESENT
    }

    /**
     * Stores a value.
     *
     * @param value the new value
     * @param expiry the new expiry
     * @param condition when to apply
     * @param returnPrevious whether the result carries the previous entry (RESP {@code SET ... GET})
     */
    record Put(byte[] value, Expiry expiry, Condition condition, boolean returnPrevious) implements GridWrite { }

    /** Removes the key; applied if it had a live entry. */
    record Remove() implements GridWrite { }

    /**
     * Adds {@code delta} to the decimal integer value (absent counts as 0), keeping the expiry; fails
     * with {@link GridException.Reason#NOT_AN_INTEGER} or {@link GridException.Reason#OVERFLOW}.
     * The result's {@link WriteResult#number()} is the new value.
     */
    record Increment(long delta) implements GridWrite { }

    /** Changes only the expiry of a live entry; applied if the key had one. */
    record SetExpiry(Expiry expiry) implements GridWrite { }
}
