package io.xsite.bench.relay;

/**
 * Where a {@link RelaySystem} hands every delivered payload except chat lines (which the system answers
 * itself). Called on the systems' delivery threads; implementations must be thread-safe and quick.
 */
@FunctionalInterface
interface Inbox {
    /** Drops everything: the inbox between scenarios. */
    Inbox NONE = (receiver, bytes, offset) -> { };

    /**
     * Member {@code receiver} got the payload that starts at {@code offset} of {@code bytes} (borrowed:
     * read it before returning).
     */
    void deliver(int receiver, byte[] bytes, int offset);
}
