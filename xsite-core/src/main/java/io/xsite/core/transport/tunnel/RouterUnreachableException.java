package io.xsite.core.transport.tunnel;

import java.net.InetSocketAddress;

/** A router could not be connected to (refused, timed out, unresolvable) or dropped the connection. */
public final class RouterUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code what} happened with {@code router}; the message names host and port. */
    public RouterUnreachableException(InetSocketAddress router, String what, Throwable cause) {
        super("router " + RouterHosts.format(router) + " " + what
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }
}
