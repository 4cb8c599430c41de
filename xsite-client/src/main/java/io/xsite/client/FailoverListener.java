package io.xsite.client;

/** Hears every switch of a {@link FailoverClient}, on a thread of the client's own, one event at a time. */
@FunctionalInterface
public interface FailoverListener {
    /** The client now sends to {@code event.to()}. */
    void onSwitch(FailoverEvent event);
}
