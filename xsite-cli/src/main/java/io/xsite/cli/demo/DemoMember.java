package io.xsite.cli.demo;

import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.GridConfig;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.bridge.BridgeConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One member of the demo: a relay node on 127.0.0.1 whose site-local cluster (named after the site) runs
 * over tcp with static discovery of its site's ports, bridged through the demo's routers, with the short
 * failure detection of {@link MembershipConfig#loopback()}. It serves the grid on its RESP port, the cache
 * {@code default} backed up synchronously to every other site, and the live page on its admin port. The same
 * member runs in the demo's JVM ({@link #relayConfig}, {@link #gridConfig}) or as {@code xsite node} in a JVM
 * of its own ({@link #nodeArguments}).
 *
 * @param name               the member's logical name
 * @param site               its site
 * @param port               its tcp port
 * @param sitePorts          the ports of every member of its site (its own included), its discovery list
 * @param siteMasterEligible whether it may become a site master
 * @param respPort           the port its grid serves Redis clients on
 * @param adminPort          the port of its admin endpoint: the live page, {@code /grid/status}
 * @param backupSites        the other sites, each a synchronous backup of the grid's cache
 */
public record DemoMember(String name, String site, int port, List<Integer> sitePorts, boolean siteMasterEligible,
                         int respPort, int adminPort, List<String> backupSites) {
    /** The address every part of the demo listens on. */
    public static final String HOST = "127.0.0.1";

    public DemoMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(site, "site");
        sitePorts = List.copyOf(sitePorts);
        backupSites = List.copyOf(backupSites);
        if (!sitePorts.contains(port)) {
            throw new IllegalArgumentException(name + "'s port " + port + " is not among its site's " + sitePorts);
        }
        if (backupSites.contains(site)) {
            throw new IllegalArgumentException(name + "'s site " + site + " cannot back itself up: " + backupSites);
        }
    }

    /** Where its grid serves Redis clients. */
    public InetSocketAddress respAddress() {
        return new InetSocketAddress(HOST, respPort);
    }

    /** Its admin endpoint, where the live page is: {@code http://127.0.0.1:PORT}. */
    public URI adminUri() {
        return URI.create("http://" + HOST + ":" + adminPort);
    }

    /** The grid's caches: {@code default}, backed up synchronously to every other site. */
    public GridConfig gridConfig() {
        return new GridConfig(List.of(CacheConfig.named(CacheConfig.DEFAULT_CACHE).withBackups(backupSites.stream()
                .map(other -> BackupConfig.to(other, BackupConfig.Strategy.SYNC)).toList())));
    }

    /**
     * This member as an in-JVM relay node bridged through {@code routers} on bridge {@code bridge}, its
     * connections secured with {@code tls} (its site's certificate).
     */
    public RelayConfig relayConfig(String bridge, List<InetSocketAddress> routers, ReloadingTls tls) {
        MemberConfig member = MemberConfig.loopback(site, name)
                .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress(HOST, port)))
                .withDiscovery(DiscoveryConfig.parse(discoverySpec()))
                .withSiteMasterEligible(siteMasterEligible).withTls(tls);
        return RelayConfig.DEFAULTS.withSite(site).withMember(member)
                .withBridges(List.of(new BridgeConfig(bridge, routers))).withAdminPort(adminPort);
    }

    /**
     * The {@code xsite node} arguments that run this member as a relay node of its own JVM, with the TLS material
     * in {@code tlsDirectory}.
     */
    public List<String> nodeArguments(String bridge, List<InetSocketAddress> routers, Path tlsDirectory) {
        MembershipConfig timeouts = MembershipConfig.loopback();
        List<String> args = new ArrayList<>(List.of("node", "--cluster", site, "--name", name, "--site", site,
                "--bridge", bridge, "--routers", routerList(routers), "--bind", HOST, "--port", Integer.toString(port),
                "--admin-port", Integer.toString(adminPort), "--resp-port", Integer.toString(respPort),
                "--grid-backups", backupSites.stream().map(other -> CacheConfig.DEFAULT_CACHE + "=" + other + ":sync")
                        .collect(Collectors.joining(",")), "--discovery", discoverySpec(),
                "--heartbeat-interval", millis(timeouts.heartbeatInterval()),
                "--suspect-timeout", millis(timeouts.suspectTimeout()),
                "--verify-timeout", millis(timeouts.verifyTimeout()),
                "--can-become-site-master=" + siteMasterEligible, "--tls-dir", tlsDirectory.toString()));
        return List.copyOf(args);
    }

    /** Routers as {@code xsite node --routers} takes them: {@code host[port],host[port]}. */
    static String routerList(List<InetSocketAddress> routers) {
        return routers.stream().map(r -> r.getHostString() + "[" + r.getPort() + "]").collect(Collectors.joining(","));
    }

    private String discoverySpec() {
        return "static:" + sitePorts.stream().map(p -> HOST + "[" + p + "]").collect(Collectors.joining(","));
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }
}
