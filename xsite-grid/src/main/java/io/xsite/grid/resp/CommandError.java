package io.xsite.grid.resp;

/**
 * Ends a command early with an error reply: thrown by argument parsing, turned into the reply by
 * {@link CommandTable}. Without a stack trace: it is the normal answer to a client's mistake.
 */
final class CommandError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param reply the error text with its code, e.g. {@code ERR syntax error} */
    CommandError(String reply) {
        super(reply, null, false, false);
    }

    /** The reply the client gets. */
    Reply reply() {
        return Reply.error(getMessage());
    }

    /** {@code ERR syntax error}. */
    static CommandError syntax() {
        return new CommandError("ERR syntax error");
    }

    /** {@code ERR value is not an integer or out of range}. */
    static CommandError notAnInteger() {
        return new CommandError("ERR value is not an integer or out of range");
    }
}
