package io.xsite.cli;

/**
 * A command could not do its job for a reason outside xsite (a router that cannot be reached, a port
 * already taken). Its message is the one line the user sees, naming what failed and why.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code message} is one line: what could not be reached or started, and why. */
    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
