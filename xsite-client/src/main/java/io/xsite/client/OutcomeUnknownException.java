package io.xsite.client;

/**
 * An operation that is not safe to repeat ({@link Retry#AT_MOST_ONCE}, such as {@code INCR}) was sent to a site
 * that failed before it answered: it may or may not have been applied there. The client never sends it a second
 * time; the caller decides (read the key back, or repeat it knowingly).
 */
public final class OutcomeUnknownException extends GridClientException {
    private static final long serialVersionUID = 1L;

    private final String site;

    /** @param site the site the operation was sent to */
    public OutcomeUnknownException(String site, String command, Throwable cause) {
        super(command + " was sent to site " + site + ", which failed before it answered: it may or may not have "
                + "been applied, and is not repeated" + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
        this.site = site;
    }

    /** The site the operation was sent to. */
    public String site() {
        return site;
    }
}
