package io.xsite.cli.stream;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.topology.SiteView;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a numbered stream goes: every member of a site ({@code sfc}) or one member ({@code sfc2:sfc}, as
 * the chat's {@code sendto} names members).
 *
 * @param site   the site
 * @param member the member's name, or null for every member of the site
 */
public record StreamTarget(String site, String member) {
    public StreamTarget {
        if (site == null || site.isBlank()) {
            throw new IllegalArgumentException("a stream target needs a site, e.g. sfc or sfc2:sfc");
        }
        if (member != null && member.isBlank()) {
            throw new IllegalArgumentException("a stream target's member name must not be empty, e.g. sfc2:sfc");
        }
    }

    /** {@code SITE} or {@code NAME:SITE}. */
    public static StreamTarget parse(String text) {
        int colon = Objects.requireNonNull(text, "text").indexOf(':');
        return colon < 0 ? new StreamTarget(text.strip(), null)
                : new StreamTarget(text.substring(colon + 1).strip(), text.substring(0, colon).strip());
    }

    /**
     * The members this target means in {@code topology}, {@code self} left out (a sender does not count
     * its own numbers); empty while the site, or the member, is not known.
     */
    List<UuidAddress> receivers(Map<String, SiteView> topology, UuidAddress self) {
        SiteView view = topology.get(site);
        if (view == null) {
            return List.of();
        }
        return view.addresses().stream().filter(a -> !a.equals(self))
                .filter(a -> member == null || member.equals(a.name())).toList();
    }

    @Override
    public String toString() {
        return member == null ? site : member + ":" + site;
    }
}
