package io.xsite.router;

import io.xsite.wire.address.Address;
import java.util.Objects;

/**
 * Whether a connection may register an address in a group at all, asked for every REGISTER before the
 * router's own rules (limits, who holds the address). Called on an event loop of the router, under its
 * routing table's lock: it must answer at once, without blocking. A refusal is counted as
 * {@code reason="policy"}, logged with its text and told to the client (SUSPECT of its own address, then close).
 */
@FunctionalInterface
public interface RegistrationPolicy {
    /** The plain router's: anyone may register anything (the router's own rules still apply). */
    RegistrationPolicy ALLOW_ALL = (identity, group, address) -> Decision.ALLOWED;

    /** May {@code identity} register {@code address} in {@code group}? */
    Decision check(ClientIdentity identity, String group, Address address);

    /**
     * A policy's answer.
     *
     * @param allowed whether the registration may go ahead
     * @param reason  why it was refused, for the log line (no secrets); null when allowed
     */
    record Decision(boolean allowed, String reason) {
        /** The registration may go ahead. */
        public static final Decision ALLOWED = new Decision(true, null);

        public Decision {
            if (allowed != (reason == null)) {
                throw new IllegalArgumentException("a refusal needs a reason, an allowance none: " + reason);
            }
        }

        /** A refusal for {@code reason}. */
        public static Decision refuse(String reason) {
            return new Decision(false, Objects.requireNonNull(reason, "reason"));
        }
    }
}
