package io.xsite.router;

/**
 * Why the router refused a REGISTER; the {@code reason} tag of {@code xsite_router_registrations_refused_total}.
 * A refused connection is sent SUSPECT of the address it asked for, then closed.
 */
enum RegistrationRefusal {
    /** Another identity holds the address and was heard within takeoverAfterSilence (or left that recently). */
    HELD("held"),
    /** The {@link RegistrationPolicy} refused it. */
    POLICY("policy"),
    /** The connection already holds maxRegistrationsPerConnection addresses. */
    MAX_REGISTRATIONS("max_registrations");

    private final String tag;

    RegistrationRefusal(String tag) {
        this.tag = tag;
    }

    /** The Prometheus label value. */
    String tag() {
        return tag;
    }
}
