package io.xsite.router;

import java.util.Objects;

/**
 * Who the router's clients are and what they may register: the hooks a TLS router replaces.
 *
 * @param identities gives each connection its identity when it becomes active
 * @param policy     decides whether an identity may register an address in a group
 */
public record RouterAccess(IdentityFactory identities, RegistrationPolicy policy) {
    /** The plain router's: identity = source IP address, every registration allowed by policy. */
    public static final RouterAccess PLAIN = new RouterAccess(IdentityFactory.SOURCE_ADDRESS,
            RegistrationPolicy.ALLOW_ALL);

    public RouterAccess {
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(policy, "policy");
    }
}
