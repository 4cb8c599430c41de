package io.xsite.grid;

import java.time.Duration;

/** What a write does to an entry's expiry time. */
public sealed interface Expiry {

    /** The entry never expires (and loses any expiry it had). */
    static Expiry never() {
        return Never.INSTANCE;
    }

    /** The entry keeps the expiry it had (RESP {@code KEEPTTL}). */
    static Expiry keep() {
        return Keep.INSTANCE;
    }

    /** The entry expires {@code ttl} after the primary applies the write. */
    static Expiry after(Duration ttl) {
        return new After(ttl);
    }

    /** The entry expires at {@code epochMillis}. */
    static Expiry at(long epochMillis) {
        return new At(epochMillis);
    }

    /** See {@link #never()}. */
    enum Never implements Expiry { INSTANCE }

    /** See {@link #keep()}. */
    enum Keep implements Expiry { INSTANCE }

    /** See {@link #after(Duration)}. @param ttl time to live, positive */
    record After(Duration ttl) implements Expiry { }

    /** See {@link #at(long)}. @param epochMillis absolute expiry time */
    record At(long epochMillis) implements Expiry { }
}
