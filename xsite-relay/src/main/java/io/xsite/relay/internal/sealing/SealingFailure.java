package io.xsite.relay.internal.sealing;

/** Why a payload or site certificate was refused: the {@code reason} of {@code xsite_relay_sealing_failures_total}. */
public enum SealingFailure {
    /** A payload from another site arrived in clear at a node that seals. */
    UNSEALED("unsealed"),
    /** A sealed payload too short, of an unknown version, or whose opened content does not decode. */
    MALFORMED("malformed"),
    /** A sealed payload from a site whose certificate this node does not have (yet: the origin resends). */
    NO_CERTIFICATE("no_certificate"),
    /** A sealed payload whose tag does not match: changed on the way, moved to another stream, or from a third site. */
    AUTHENTICATION("authentication"),
    /** A site certificate that does not verify against the CA or does not name its site. */
    CERTIFICATE("certificate");

    /** The metric label. */
    public final String label;

    SealingFailure(String label) {
        this.label = label;
    }
}
