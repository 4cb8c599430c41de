package io.xsite.relay.reliability;

import io.xsite.wire.address.UuidAddress;
import java.util.Objects;

/**
 * Where a relayed stream goes: one member anywhere (its address carries its site), or every member of
 * one site. An origin keeps one stream per destination.
 */
public sealed interface Destination permits Destination.Member, Destination.Site {

    /**
     * One member, in any site; that member acknowledges the stream.
     *
     * @param member the member's address
     */
    record Member(UuidAddress member) implements Destination {
        public Member {
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * Every member of one site; the site's site master acknowledges the stream on the site's behalf.
     *
     * @param site the site's name
     */
    record Site(String site) implements Destination {
        public Site {
            Objects.requireNonNull(site, "site");
            if (site.isBlank()) {
                throw new IllegalArgumentException("blank site name");
            }
        }
    }
}
