package io.xsite.net.admin;

/**
 * The open response of an {@link EventStreamRoute}: server-sent events (the {@code text/event-stream} format of
 * the HTML standard) written to one client while its connection lasts. Thread-safe: events may be sent from any
 * thread; they are written on the connection's event loop, in the order sent.
 *
 * <p>A client that stops reading is dropped, not buffered for: once the connection's outbound buffer passes
 * Netty's high-water mark (64 KiB by default) the stream closes, so that a reader who never reads costs the node
 * a bounded amount of memory.
 */
public interface EventStream {
    /**
     * Sends one event whose data is {@code data} (one line: JSON, no line breaks).
     *
     * @return false when the stream is closed, or closed now because the client does not keep up
     * @throws IllegalArgumentException if {@code data} holds a line break
     */
    boolean send(String data);

    /** Ends the response and closes the connection; idempotent. */
    void close();

    /**
     * Runs {@code action} once, when the stream closes, whichever side closes it; at once when it is closed
     * already. Runs on the connection's event loop: it must not block.
     */
    void onClose(Runnable action);
}
