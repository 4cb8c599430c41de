package io.xsite.client;

/**
 * Why an operation of the {@link FailoverClient} failed. The subtypes say whether it may have been applied:
 * {@link OutcomeUnknownException} (perhaps), {@link NoSiteAvailableException} (not), {@link ServerErrorException}
 * (the server refused it).
 */
public class GridClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the site where there is one */
    public GridClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
