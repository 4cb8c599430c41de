package io.xsite.grid;

/**
 * A live entry as a read returns it.
 *
 * @param value the value's bytes
 * @param expiresAtMillis when it expires, in milliseconds since the epoch, or {@link #NO_EXPIRY}
 */
public record GridEntry(byte[] value, long expiresAtMillis) {

    /** {@link #expiresAtMillis()} of an entry that never expires. */
    public static final long NO_EXPIRY = -1;

    /** Whether the entry has an expiry time. */
    public boolean expires() {
        return expiresAtMillis != NO_EXPIRY;
    }
}
