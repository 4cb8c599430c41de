package io.xsite.router;

import io.xsite.wire.address.Address;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.tls.PeerRole;
import java.util.Objects;
import java.util.Set;

/**
 * Who may register what on a TLS router (DESIGN.md "Trust"): only members, each for its own site. In a
 * bridge group a member of site S registers addresses that carry site S (bridge members are
 * {@code _name:S}), so that a site master trusting an address's site trusts the certificate behind it;
 * any other group is a site's own cluster, named after the site, open to that site's members only. Tools
 * and routers register nothing.
 */
final class SitePolicy implements RegistrationPolicy {
    private final Set<String> bridgeGroups;

    /** A policy in which {@code bridgeGroups} are the bridges every site may use. */
    SitePolicy(Set<String> bridgeGroups) {
        this.bridgeGroups = Set.copyOf(Objects.requireNonNull(bridgeGroups, "bridgeGroups"));
    }

    @Override
    public Decision check(ClientIdentity identity, String group, Address address) {
        if (!(identity instanceof CertificateIdentity certificate) || certificate.peer().role() != PeerRole.MEMBER) {
            return Decision.refuse(identity + " is no member: only members of a site register");
        }
        String site = certificate.peer().name();
        String addressSite = address instanceof UuidAddress uuid ? uuid.site() : null;
        if (bridgeGroups.contains(group)) {
            return site.equals(addressSite) ? Decision.ALLOWED
                    : Decision.refuse("a member of " + site + " registers only addresses of site " + site
                            + " in bridge " + group);
        }
        if (!site.equals(group)) {
            return Decision.refuse("group " + group + " is no bridge and not the cluster of site " + site);
        }
        return addressSite == null || site.equals(addressSite) ? Decision.ALLOWED
                : Decision.refuse("a member of " + site + " registers only addresses of site " + site);
    }
}
