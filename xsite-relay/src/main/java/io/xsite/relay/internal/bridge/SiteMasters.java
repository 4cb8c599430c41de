package io.xsite.relay.internal.bridge;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Who the site masters of a site are, as every member of the site computes it from the same view. */
public final class SiteMasters {

    private SiteMasters() {
    }

    /**
     * The first {@code k} members of {@code view} (oldest first) that are {@code eligible}; the
     * coordinator alone when nobody is, so that a site always has a site master.
     *
     * @param k most site masters, at least 1
     */
    public static List<UuidAddress> pick(View view, int k, Predicate<UuidAddress> eligible) {
        if (k < 1) {
            throw new IllegalArgumentException("a site needs at least one site master: " + k);
        }
        List<UuidAddress> picked = view.members().stream().filter(eligible).limit(k).toList();
        return picked.isEmpty() ? List.of(view.coordinator()) : picked;
    }

    /**
     * The standby site master of {@code view}: the first eligible member that is not one of its
     * {@code siteMasters}, the next in line. It joins the bridges ahead of time, so that it takes the routes
     * the moment a view without a site master makes it one, instead of joining the bridges then. Empty when no
     * other member is eligible.
     */
    public static Optional<UuidAddress> standby(View view, List<UuidAddress> siteMasters,
                                                Predicate<UuidAddress> eligible) {
        return view.members().stream().filter(eligible).filter(m -> !siteMasters.contains(m)).findFirst();
    }

    /** Whether {@code member}'s address carries {@link UuidAddress#CAN_BECOME_SITE_MASTER}. */
    public static boolean flagged(UuidAddress member) {
        return (member.flags() & UuidAddress.CAN_BECOME_SITE_MASTER) != 0;
    }
}
