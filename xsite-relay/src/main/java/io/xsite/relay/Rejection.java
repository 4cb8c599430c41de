package io.xsite.relay;

/**
 * Why a relay node dropped a well-formed envelope: the fixed values of the {@code reason} label of
 * {@code xsite_relay_envelopes_rejected_total} (docs/design.md, "Relay: who may speak for a site").
 */
enum Rejection {
    /**
     * Over a bridge: the envelope speaks for a site that is neither the sending bridge member's site nor one
     * this site's forward rules reach through the sender's site.
     */
    ORIGIN_NOT_SENDER_SITE("origin_not_sender_site"),
    /** From a member of this site that is no site master: an origin in another site, or a hello for another member. */
    ORIGIN_NOT_LOCAL("origin_not_local"),
    /** From a member of this site that is no site master: a kind only site masters send (topology, site down). */
    NOT_SITE_MASTER("not_site_master"),
    /** A view of a new site while {@code maxSites} sites are known and up. */
    TOO_MANY_SITES("too_many_sites"),
    /** A view of another site with more than {@code maxSiteMembers} members. */
    TOO_MANY_MEMBERS("too_many_members"),
    /** A site view that does not describe one site consistently ({@code TopologyLimits.wellFormed}). */
    BAD_SITE_VIEW("bad_site_view");

    /** The metric label. */
    final String label;

    Rejection(String label) {
        this.label = label;
    }
}
