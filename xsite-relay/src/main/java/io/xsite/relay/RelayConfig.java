package io.xsite.relay;

import io.xsite.core.member.MemberConfig;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.reliability.ReliabilityConfig;
import io.xsite.relay.routing.ForwardRule;
import io.xsite.relay.topology.TopologyLimits;
import io.xsite.relay.sealing.SiteSealingKeys;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link RelayNode} needs. {@link #DEFAULTS} is the one place relay defaults are written.
 *
 * @param site           the local site's name
 * @param member         the local member of the site's cluster; its site is set to {@code site} and its
 *                       own admin endpoint is switched off (the relay serves the member's routes on
 *                       {@code adminPort} together with {@code /topology})
 * @param bridges        the bridges the site's site masters join; at least one
 * @param maxSiteMasters how many members of the site are site masters (the first eligible ones)
 * @param forwards       how to reach sites that share no bridge with this one; first match wins
 * @param adminPort      HTTP admin endpoint port; 0 = ephemeral, -1 = none
 * @param reliability    buffers and timers of the end-to-end streams between sites
 * @param tickInterval   how often the streams' timers run (resends, batched acknowledgements)
 * @param limits         how many sites, and members per site, the topology keeps of what other sites send
 * @param sealing        the site's certificate, key and CA: with them, payloads between sites are sealed end to
 *                       end and payloads in clear from other sites refused; without (insecure mode, JGroups
 *                       interop), payloads travel in clear and sealed ones cannot be read
 */
public record RelayConfig(String site, MemberConfig member, List<BridgeConfig> bridges, int maxSiteMasters,
                          List<ForwardRule> forwards, int adminPort, ReliabilityConfig reliability,
                          Duration tickInterval, TopologyLimits limits, Optional<SiteSealingKeys> sealing) {

    /** A site "site" bridged through a router on localhost:12001, one site master, admin on 8080. */
    public static final RelayConfig DEFAULTS = new RelayConfig("site", MemberConfig.DEFAULTS,
            List.of(new BridgeConfig(BridgeConfig.DEFAULT_NAME, List.of(new InetSocketAddress("localhost", 12001)))),
            1, List.of(), 8080, ReliabilityConfig.DEFAULTS, Duration.ofMillis(20), TopologyLimits.DEFAULTS,
            Optional.empty());

    public RelayConfig {
        if (site == null || site.isBlank() || site.length() > TopologyLimits.MAX_NAME_CHARS) {
            throw new IllegalArgumentException("site must have 1 to " + TopologyLimits.MAX_NAME_CHARS
                    + " characters: " + site);
        }
        member = Objects.requireNonNull(member, "member").withSite(site).withAdminPort(-1);
        bridges = List.copyOf(Objects.requireNonNull(bridges, "bridges"));
        if (bridges.isEmpty()) {
            throw new IllegalArgumentException("a relay needs at least one bridge");
        }
        if (bridges.stream().map(BridgeConfig::name).distinct().count() != bridges.size()) {
            throw new IllegalArgumentException("bridge names must be distinct: " + bridges);
        }
        if (maxSiteMasters < 1) {
            throw new IllegalArgumentException("maxSiteMasters must be at least 1: " + maxSiteMasters);
        }
        forwards = List.copyOf(Objects.requireNonNull(forwards, "forwards"));
        forwards.stream().filter(rule -> rule.gateway().equals(site)).findAny().ifPresent(rule -> {
            throw new IllegalArgumentException("a forward rule cannot name the local site as gateway: " + rule);
        });
        if (adminPort < -1 || adminPort > 0xFFFF) {
            throw new IllegalArgumentException("adminPort out of range (-1 to 65535): " + adminPort);
        }
        Objects.requireNonNull(reliability, "reliability");
        if (tickInterval == null || tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("tickInterval must be positive: " + tickInterval);
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sealing, "sealing");
        if (sealing.isPresent() && !sealing.get().site().equals(site)) {
            throw new IllegalArgumentException("sealing keys of site " + sealing.get().site() + " for site " + site);
        }
    }

    /** This config for site {@code value}. */
    public RelayConfig withSite(String value) {
        return new RelayConfig(value, member, bridges, maxSiteMasters, forwards, adminPort, reliability,
                tickInterval, limits, sealing);
    }

    /** This config with {@code value} as the local member's config. */
    public RelayConfig withMember(MemberConfig value) {
        return new RelayConfig(site, value, bridges, maxSiteMasters, forwards, adminPort, reliability,
                tickInterval, limits, sealing);
    }

    /** This config with these bridges. */
    public RelayConfig withBridges(List<BridgeConfig> value) {
        return new RelayConfig(site, member, value, maxSiteMasters, forwards, adminPort, reliability,
                tickInterval, limits, sealing);
    }

    /** This config with at most {@code value} site masters. */
    public RelayConfig withMaxSiteMasters(int value) {
        return new RelayConfig(site, member, bridges, value, forwards, adminPort, reliability,
                tickInterval, limits, sealing);
    }

    /** This config with these forward rules. */
    public RelayConfig withForwards(List<ForwardRule> value) {
        return new RelayConfig(site, member, bridges, maxSiteMasters, value, adminPort, reliability,
                tickInterval, limits, sealing);
    }

    /** This config with other reliability settings. */
    public RelayConfig withReliability(ReliabilityConfig value) {
        return new RelayConfig(site, member, bridges, maxSiteMasters, forwards, adminPort, value, tickInterval,
                limits, sealing);
    }

    /** This config with another admin port (-1 = none). */
    public RelayConfig withAdminPort(int value) {
        return new RelayConfig(site, member, bridges, maxSiteMasters, forwards, value, reliability,
                tickInterval, limits, sealing);
    }

    /** This config with other topology limits. */
    public RelayConfig withLimits(TopologyLimits value) {
        return new RelayConfig(site, member, bridges, maxSiteMasters, forwards, adminPort, reliability,
                tickInterval, value, sealing);
    }

    /** This config sealing payloads between sites with {@code value} (the keys of this config's site). */
    public RelayConfig withSealing(SiteSealingKeys value) {
        return new RelayConfig(site, member, bridges, maxSiteMasters, forwards, adminPort, reliability, tickInterval,
                limits, Optional.of(value));
    }
}
