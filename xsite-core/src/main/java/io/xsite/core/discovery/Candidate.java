package io.xsite.core.discovery;

import io.xsite.wire.address.UuidAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One member that discovery found: where it listens, who it is, or both. Physical-only candidates
 * (static, dns) are probed by the transport to learn who is there; router candidates name the member.
 *
 * @param member   the member's logical address when the source knows it (router discovery); nullable
 * @param physical where the member listens, already resolved so that connecting needs no lookup; nullable
 */
public record Candidate(UuidAddress member, InetSocketAddress physical) {
    public Candidate {
        if (member == null && physical == null) {
            throw new IllegalArgumentException("a candidate needs a member, a physical address or both");
        }
        if (physical != null && physical.isUnresolved()) {
            throw new IllegalArgumentException("physical address " + physical + " is unresolved; discovery resolves it");
        }
    }

    /** A candidate known only by where it listens. */
    public static Candidate at(InetSocketAddress physical) {
        return new Candidate(null, Objects.requireNonNull(physical, "physical"));
    }
}
