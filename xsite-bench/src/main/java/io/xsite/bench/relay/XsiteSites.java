package io.xsite.bench.relay;

import io.xsite.bench.BenchCertificates;
import io.xsite.bench.BoundedPoll;
import io.xsite.core.discovery.LoopbackPorts;
import io.xsite.bench.PacedSends;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminAccess;
import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TlsConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.RelayNode;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.topology.SiteView;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nyc and sfc as xsite relay nodes: each site a loopback tcp cluster (static discovery of its ports)
 * with production membership and delivery settings, one site master per site, the bridge through two
 * xsite routers in this JVM ({@link RouterConfig#DEFAULTS} on 127.0.0.1, ephemeral ports). Sends are
 * {@link PacedSends paced} so that a sender blocks like a JGroups sender.
 *
 * <p>With TLS ({@link #startWithTls}, system {@code xsite-tls}) the same sites run as a secured deployment
 * does: certificates of one throwaway CA, one per site shared by the site's members and one per router;
 * member connections, tunnels and routers use TLS, the routers accept members of each site for the
 * bridge only, and the relay nodes seal payloads between sites with their site certificate. With TLS on the
 * bridge only ({@link #startWithTlsOnBridge}, system {@code xsite-tls-bridge}) the routers, the tunnels and the
 * sealing are the same, but the members of a site speak plain TCP among themselves: the posture of
 * {@code jgroups-tls}, whose TLS is on its bridge only.
 */
final class XsiteSites implements RelaySystem {
    private static final Logger LOG = LoggerFactory.getLogger(XsiteSites.class);

    private final String system;
    private final BenchCertificates certificates;
    /** Whether the members of a site use TLS among themselves too, not only on the bridge. */
    private final boolean tlsInSite;
    private final List<ReloadingTls> tls = new ArrayList<>();
    private final List<GossipRouter> routers = new ArrayList<>();
    private final List<RelayNode> nodes = new ArrayList<>();
    private final PacedSends paced = new PacedSends(MEMBERS);
    private final Set<RelayNode> crashed = ConcurrentHashMap.newKeySet();
    private volatile Inbox inbox = Inbox.NONE;

    private XsiteSites(String system, BenchCertificates certificates, boolean tlsInSite) {
        this.system = system;
        this.certificates = certificates;
        this.tlsInSite = tlsInSite;
    }

    /** Starts both routers and all 8 nodes in plain TCP and waits until every node sees both sites complete. */
    static XsiteSites start(Duration timeout) throws TimeoutException, InterruptedException {
        return start(new XsiteSites(RelayReport.XSITE, null, false), timeout);
    }

    /** As {@link #start}, everything secured by TLS and payloads between sites sealed. */
    static XsiteSites startWithTls(Duration timeout) throws TimeoutException, InterruptedException {
        return start(new XsiteSites(RelayReport.XSITE_TLS, BenchCertificates.create(RelayReport.XSITE_TLS), true),
                timeout);
    }

    /** As {@link #startWithTls}, but the members of a site speak plain TCP among themselves. */
    static XsiteSites startWithTlsOnBridge(Duration timeout) throws TimeoutException, InterruptedException {
        return start(new XsiteSites(RelayReport.XSITE_TLS_BRIDGE,
                BenchCertificates.create(RelayReport.XSITE_TLS_BRIDGE), false), timeout);
    }

    private static XsiteSites start(XsiteSites sites, Duration timeout) throws TimeoutException, InterruptedException {
        try {
            for (int i = 0; i < 2; i++) {
                sites.routers.add(sites.startRouter("router" + i));
            }
            List<BridgeConfig> bridge = List.of(new BridgeConfig(BridgeConfig.DEFAULT_NAME,
                    sites.routers.stream().map(GossipRouter::address).toList()));
            sites.startSite(NYC, NYC_MEMBERS, bridge);
            sites.startSite(SFC, SFC_MEMBERS, bridge);
            BoundedPoll.until(timeout, sites::complete, () -> "xsite topologies: "
                    + sites.nodes.stream().map(n -> n.name() + "=" + n.topology()).toList());
            return sites;
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            sites.close();
            throw e;
        }
    }

    private GossipRouter startRouter(String name) {
        RouterConfig config = RouterConfig.DEFAULTS.withBindAddress("127.0.0.1").withPorts(0, -1);
        return certificates == null ? GossipRouter.start(config)
                : GossipRouter.start(config, loadTls(certificates.router(name)), Set.of(BridgeConfig.DEFAULT_NAME),
                        AdminAccess.OPEN);
    }

    private ReloadingTls loadTls(TlsConfig config) {
        ReloadingTls loaded = ReloadingTls.start(config);
        tls.add(loaded);
        return loaded;
    }

    private void startSite(String site, int size, List<BridgeConfig> bridge) {
        List<Integer> ports = LoopbackPorts.free(size);
        String hosts = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        // One certificate per site, as 'xsite pki site' issues it: every member of the site holds the same.
        ReloadingTls siteTls = certificates == null ? null : loadTls(certificates.member(site));
        for (int i = 0; i < size; i++) {
            MemberConfig member = MemberConfig.loopback(site, site + i)
                    .withMembership(MembershipConfig.DEFAULTS).withDelivery(DeliveryConfig.DEFAULTS)
                    .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", ports.get(i))))
                    .withDiscovery(DiscoveryConfig.parse("static:" + hosts));
            List<BridgeConfig> bridges = bridge;
            if (siteTls != null && tlsInSite) {
                member = member.withTls(siteTls);
            } else if (siteTls != null) {
                bridges = bridge.stream().map(b -> b.withTls(siteTls)).toList();
            }
            RelayNode node = RelayNode.start(RelayConfig.DEFAULTS.withSite(site).withMember(member)
                    .withBridges(bridges).withAdminPort(-1));
            int receiver = nodes.size();
            node.addMessageListener(m -> {
                if (BenchPayload.kind(m.payload(), 0) == BenchPayload.CHAT) {
                    node.send(m.sender(), BenchPayload.replyTo(m.payload(), 0)).whenComplete((ok, failure) -> {
                        if (failure != null) {
                            LOG.warn("xsite: {} could not answer {}: {}", node.name(), m.sender(), failure.toString());
                        }
                    });
                } else {
                    inbox.deliver(receiver, m.payload(), 0);
                }
            });
            nodes.add(node);
        }
    }

    private boolean complete() {
        return nodes.stream().allMatch(n -> {
            Map<String, SiteView> topology = n.topology();
            SiteView nyc = topology.get(NYC);
            SiteView sfc = topology.get(SFC);
            return nyc != null && sfc != null && nyc.members().size() == NYC_MEMBERS
                    && sfc.members().size() == SFC_MEMBERS && nyc.siteMasters().size() == 1
                    && sfc.siteMasters().size() == 1;
        });
    }

    @Override
    public String system() {
        return system;
    }

    @Override
    public int siteMaster(String site) {
        // Asked of a member of that site: its own view of who is site master is the one that routes.
        RelayNode local = nodes.stream().filter(n -> n.site().equals(site) && !crashed.contains(n))
                .findFirst().orElseThrow();
        UuidAddress master = local.topology().get(site).siteMasters().get(0);
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).address().equals(master)) {
                return i;
            }
        }
        throw new IllegalStateException("site master " + master + " of " + site + " is no member");
    }

    @Override
    public void deliverTo(Inbox value) {
        inbox = value;
    }

    @Override
    public void send(int from, int to, byte[] payload) throws InterruptedException {
        paced.send(from, () -> nodes.get(from).send(nodes.get(to).address(), payload));
    }

    @Override
    public void sendToAll(int from, byte[] payload) throws InterruptedException {
        paced.send(from, () -> nodes.get(from).sendToAll(payload));
    }

    @Override
    public void awaitSent(int from, Duration timeout) throws TimeoutException, InterruptedException {
        paced.awaitTaken(from, timeout);
    }

    @Override
    public void crash(int index) {
        crashed.add(nodes.get(index));
        nodes.get(index).simulateCrash();
    }

    @Override
    public void close() {
        RelayNode.closeAll(nodes);
        routers.forEach(GossipRouter::close);
        tls.forEach(ReloadingTls::close);
        if (certificates != null) {
            certificates.close();
        }
    }
}
