package io.xsite.client;

/**
 * No site answered an operation before its deadline ({@link ClientTimeouts#operation()}), or the client was closed
 * first. An operation this fails was either never sent or only sent where its answer said it was not applied
 * ({@code CLUSTERDOWN}), or it is idempotent ({@link Retry#IDEMPOTENT}).
 */
public final class NoSiteAvailableException extends GridClientException {
    private static final long serialVersionUID = 1L;

    /** @param message why, naming the sites tried */
    public NoSiteAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
