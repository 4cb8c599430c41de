package io.xsite.relay.topology;

import io.xsite.core.address.UuidAddress;
import io.xsite.core.membership.View;
import java.util.List;
import java.util.Objects;

/**
 * One site as its site masters last described it.
 *
 * @param site        the site's name
 * @param version     orders descriptions of the same site: the site's view sequence, then a revision
 *                    for changes within one view (a member announced its physical address)
 * @param members     the site's members, oldest first
 * @param siteMasters its site masters, first one first
 */
public record SiteView(String site, long version, List<MemberInfo> members, List<UuidAddress> siteMasters) {
    public SiteView {
        Objects.requireNonNull(site, "site");
        members = List.copyOf(members);
        siteMasters = List.copyOf(siteMasters);
        if (members.size() > View.MAX_MEMBERS || siteMasters.size() > members.size()) {
            throw new IllegalArgumentException("site " + site + ": " + members.size() + " members, "
                    + siteMasters.size() + " site masters");
        }
    }

    /** The members' addresses, oldest first. */
    public List<UuidAddress> addresses() {
        return members.stream().map(MemberInfo::address).toList();
    }
}
