package io.xsite.relay;

/** A send to a site that is down (it left the bridges) fails with this at once: it was not accepted. */
public final class SiteDownException extends RuntimeException {
    private final String site;

    public SiteDownException(String site) {
        super("site " + site + " is down");
        this.site = site;
    }

    /** The site that is down. */
    public String site() {
        return site;
    }
}
