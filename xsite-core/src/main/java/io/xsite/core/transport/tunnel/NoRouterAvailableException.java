package io.xsite.core.transport.tunnel;

/**
 * A message could not be handed to any router: none was connected, every connected one was above its
 * write-buffer high-water mark, or every write failed. The message was not sent.
 */
public final class NoRouterAvailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code message} says which routers were tried and why none took the message. */
    public NoRouterAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
