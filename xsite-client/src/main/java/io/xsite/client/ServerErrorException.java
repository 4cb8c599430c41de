package io.xsite.client;

/**
 * The server answered an operation with an error that is about the operation, not the site ({@code ERR value is
 * not an integer or out of range}, {@code WRONGTYPE}, {@code NOAUTH}): repeating it elsewhere would not help.
 */
public final class ServerErrorException extends GridClientException {
    private static final long serialVersionUID = 1L;

    private final RespValue.Err error;

    /** @param site the site that answered */
    public ServerErrorException(String site, RespValue.Err error) {
        super("site " + site + " answered " + error.message(), null);
        this.error = error;
    }

    /** The error reply. */
    public RespValue.Err error() {
        return error;
    }
}
