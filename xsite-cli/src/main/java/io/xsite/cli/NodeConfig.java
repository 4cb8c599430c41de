package io.xsite.cli;

import io.xsite.core.member.MemberConfig;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.bridge.BridgeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code xsite node} and {@code xsite chat} run: a member of a site's cluster and, when it has a site
 * and routers, the relay settings that make it a {@link io.xsite.relay.RelayNode} whose site masters bridge
 * the site to the others through those routers (the reference deployment: {@code SITE} +
 * {@code TUNNEL_INITIAL_HOSTS}).
 *
 * @param member         the member of the local site's cluster; its routers are the bridge's routers too
 * @param bridge         the name of the bridge cluster the site masters join
 * @param maxSiteMasters how many members of the site are site masters
 * @param adminTokenFile the file holding the admin endpoint's bearer token; empty = none
 * @param tlsDir         the directory of {@code tls.crt}, {@code tls.key} and {@code ca.crt}; empty = none
 * @param insecure       whether the node may run without TLS on an address other than loopback
 * @param grid           the grid it serves ({@code xsite node} only; {@code chat} and {@code stream} serve none)
 */
record NodeConfig(MemberConfig member, String bridge, int maxSiteMasters, Optional<Path> adminTokenFile,
                  Optional<Path> tlsDir, boolean insecure, NodeGridConfig grid) {
    /**
     * The member defaults, bridge {@value BridgeConfig#DEFAULT_NAME}, the relay's number of site masters, no
     * admin token, no TLS directory and not insecure (a node on any address but loopback then refuses to start),
     * the grid's defaults ({@link NodeGridConfig#DEFAULTS}).
     */
    static final NodeConfig DEFAULTS = new NodeConfig(MemberConfig.DEFAULTS, BridgeConfig.DEFAULT_NAME,
            RelayConfig.DEFAULTS.maxSiteMasters(), Optional.empty(), Optional.empty(), false, NodeGridConfig.DEFAULTS);

    NodeConfig {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(adminTokenFile, "adminTokenFile");
        Objects.requireNonNull(tlsDir, "tlsDir");
        Objects.requireNonNull(grid, "grid");
        if (bridge == null || bridge.isBlank()) {
            throw new IllegalArgumentException("bridge name must not be empty");
        }
        if (maxSiteMasters < 1) {
            throw new IllegalArgumentException("max-site-masters must be at least 1: " + maxSiteMasters);
        }
    }

    /** This config with {@code value} as the member's config. */
    NodeConfig withMember(MemberConfig value) {
        return new NodeConfig(value, bridge, maxSiteMasters, adminTokenFile, tlsDir, insecure, grid);
    }

    /**
     * The relay configuration if the member has a site and routers: the local site keeps the member's
     * transport and discovery, one bridge named {@link #bridge()} goes through the routers, and the
     * relay serves the member's admin port.
     */
    Optional<RelayConfig> relay() {
        if (member.site() == null || member.routers().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RelayConfig.DEFAULTS.withSite(member.site()).withMember(member)
                .withBridges(List.of(new BridgeConfig(bridge, member.routers())))
                .withMaxSiteMasters(maxSiteMasters).withAdminPort(member.adminPort()));
    }
}
