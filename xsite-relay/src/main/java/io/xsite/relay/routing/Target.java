package io.xsite.relay.routing;

import io.xsite.core.address.UuidAddress;
import java.util.Objects;

/**
 * Where a relayed envelope goes: one member anywhere (its address carries its site; a
 * {@link UuidAddress#siteMaster(String) site master address} means whoever is site master there), or
 * every member of one site.
 */
public sealed interface Target permits Target.Member, Target.Site {

    /** The site the envelope has to reach. */
    String site();

    /**
     * One member, or the current site master of a site.
     *
     * @param member a site address ({@code SITE_UUID}) or a site master address with a site
     */
    record Member(UuidAddress member) implements Target {
        public Member {
            Objects.requireNonNull(member, "member");
            if (member.site() == null) {
                throw new IllegalArgumentException("a relay target needs a site: " + member);
            }
        }

        @Override
        public String site() {
            return member.site();
        }

        /** Whether this addresses a site's site master rather than a particular member. */
        public boolean isSiteMaster() {
            return member.kind() == UuidAddress.Kind.SITE_MASTER;
        }
    }

    /**
     * Every member of a site.
     *
     * @param site the site's name
     */
    record Site(String site) implements Target {
        public Site {
            if (site == null || site.isBlank()) {
                throw new IllegalArgumentException("site must not be empty");
            }
        }
    }
}
