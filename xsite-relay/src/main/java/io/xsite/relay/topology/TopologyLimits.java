package io.xsite.relay.topology;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import java.util.HashSet;
import java.util.Set;

/**
 * How much of the other sites a member keeps: a site view from elsewhere beyond these bounds is rejected,
 * so that nothing another site sends grows a member's memory without bound.
 *
 * @param maxSites       most sites in the topology, this one included; a new site beyond it takes the place
 *                       of a site that is down, else it is rejected
 * @param maxSiteMembers most members in another site's view (this site's own view is bounded by its
 *                       membership alone); at most {@link View#MAX_MEMBERS}
 */
public record TopologyLimits(int maxSites, int maxSiteMembers) {
    /** 64 sites of up to 1024 members each. */
    public static final TopologyLimits DEFAULTS = new TopologyLimits(64, 1024);
    /** Longest site name, member name or physical address a site view may carry, in characters. */
    public static final int MAX_NAME_CHARS = 255;

    public TopologyLimits {
        if (maxSites < 1 || maxSiteMembers < 1 || maxSiteMembers > View.MAX_MEMBERS) {
            throw new IllegalArgumentException("need maxSites >= 1 and 1 <= maxSiteMembers <= " + View.MAX_MEMBERS
                    + ": " + maxSites + ", " + maxSiteMembers);
        }
    }

    /** Whether {@code view} has more members than a site may have. */
    public boolean tooLarge(SiteView view) {
        return view.members().size() > maxSiteMembers;
    }

    /**
     * Whether {@code view} describes one site consistently: a version that is not negative, names within
     * {@link #MAX_NAME_CHARS}, every member of that site and listed once, its site masters among its members.
     */
    public static boolean wellFormed(SiteView view) {
        if (view.version() < 0 || view.site().length() > MAX_NAME_CHARS) {
            return false;
        }
        Set<UuidAddress> members = new HashSet<>();
        for (MemberInfo member : view.members()) {
            UuidAddress address = member.address();
            if (!view.site().equals(address.site()) || address.name() == null
                    || address.name().length() > MAX_NAME_CHARS || member.physical().length() > MAX_NAME_CHARS
                    || !members.add(address)) {
                return false;
            }
        }
        return members.containsAll(view.siteMasters());
    }
}
