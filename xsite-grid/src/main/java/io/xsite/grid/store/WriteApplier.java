package io.xsite.grid.store;

import io.xsite.grid.Expiry;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridException;
import io.xsite.grid.GridWrite;
import io.xsite.grid.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a {@link GridWrite} does to one key's entry, as a pure function: the primary runs it and copies the
 * entry it yields to the other owners, which store that entry as it is (they never re-run the write, so an
 * increment cannot count twice on a backup).
 */
final class WriteApplier {

    /**
     * The outcome of a write.
     *
     * @param entry  the key's new entry, or null when the write changes nothing
     * @param result what the client is told
     */
    record Outcome(StoredEntry entry, WriteResult result) {
    }

    private WriteApplier() {
    }

    /**
     * Applies {@code write} to {@code current} (null when the key has no entry).
     *
     * @param nowMillis the primary's wall clock, for expiry
     * @param timestamp the HLC timestamp the new entry carries
     * @throws GridException NOT_AN_INTEGER or OVERFLOW for an increment that cannot apply
     */
    static Outcome apply(StoredEntry current, GridWrite write, long nowMillis, long timestamp) {
        Optional<GridEntry> live = current == null ? Optional.empty() : current.live(nowMillis);
        long version = current == null ? 1 : current.version() + 1;
        if (write instanceof GridWrite.Put put) {
            return put(put, live, version, nowMillis, timestamp);
        }
        if (write instanceof GridWrite.Remove) {
            return live.isEmpty() ? unchanged(false, Optional.empty())
                    : new Outcome(StoredEntry.tombstone(version, timestamp), new WriteResult(true, Optional.empty(), 0));
        }
        if (write instanceof GridWrite.Increment increment) {
            long sum = increment(live, increment.delta());
            byte[] value = Long.toString(sum).getBytes(StandardCharsets.US_ASCII);
            long expiresAt = live.map(GridEntry::expiresAtMillis).orElse(GridEntry.NO_EXPIRY);
            return new Outcome(new StoredEntry(value, version, timestamp, expiresAt),
                    new WriteResult(true, Optional.empty(), sum));
        }
        GridWrite.SetExpiry setExpiry = (GridWrite.SetExpiry) write;
        if (live.isEmpty()) {
            return unchanged(false, Optional.empty());
        }
        return stored(live.get().value(), expiresAt(setExpiry.expiry(), live, nowMillis), version, nowMillis, timestamp,
                Optional.empty());
    }

    private static Outcome put(GridWrite.Put put, Optional<GridEntry> live, long version, long nowMillis,
                               long timestamp) {
        Optional<GridEntry> previous = put.returnPrevious() ? live : Optional.empty();
        boolean holds = switch (put.condition()) {
            case ALWAYS -> true;
            case IF_ABSENT -> live.isEmpty();
            case IF_PRESENT -> live.isPresent();
        };
        if (!holds) {
            return unchanged(false, previous);
        }
        return stored(put.value(), expiresAt(put.expiry(), live, nowMillis), version, nowMillis, timestamp, previous);
    }

    /** A value stored with {@code expiresAt}; one that has expired already is a removal. */
    private static Outcome stored(byte[] value, long expiresAt, long version, long nowMillis, long timestamp,
                                  Optional<GridEntry> previous) {
        StoredEntry entry = expiresAt != GridEntry.NO_EXPIRY && expiresAt <= nowMillis
                ? StoredEntry.tombstone(version, timestamp) : new StoredEntry(value, version, timestamp, expiresAt);
        return new Outcome(entry, new WriteResult(true, previous, 0));
    }

    private static Outcome unchanged(boolean applied, Optional<GridEntry> previous) {
        return new Outcome(null, new WriteResult(applied, previous, 0));
    }

    private static long expiresAt(Expiry expiry, Optional<GridEntry> live, long nowMillis) {
        if (expiry instanceof Expiry.After after) {
            return nowMillis + Math.max(0, after.ttl().toMillis());
        }
        if (expiry instanceof Expiry.At at) {
            return at.epochMillis();
        }
        if (expiry instanceof Expiry.Keep) {
            return live.map(GridEntry::expiresAtMillis).orElse(GridEntry.NO_EXPIRY);
        }
        return GridEntry.NO_EXPIRY;
    }

    /** The live value plus {@code delta}, as Redis' INCRBY computes it (absent counts as 0). */
    private static long increment(Optional<GridEntry> live, long delta) {
        long value = live.isEmpty() ? 0 : parseInteger(live.get().value());
        try {
            return Math.addExact(value, delta);
        } catch (ArithmeticException e) {
            throw new GridException(GridException.Reason.OVERFLOW, "increment or decrement would overflow");
        }
    }

    /** A decimal 64-bit integer written the one way Redis accepts: no sign '+', no leading zeros or spaces. */
    private static long parseInteger(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
            long value = bytes.length <= 20 ? Long.parseLong(text) : invalid();
            if (Long.toString(value).equals(text)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new GridException(GridException.Reason.NOT_AN_INTEGER, "value is not an integer or out of range");
    }

    private static long invalid() {
        throw new NumberFormatException();
    }
}
