package io.xsite.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.routing.ForwardRule;
import io.xsite.relay.sealing.SiteSealingKeys;
import io.xsite.relay.topology.SiteView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Sites of relay nodes in one JVM: each site a loopback tcp cluster whose members find each other
 * through a static list of free ports, its site masters bridged through the given routers. Closes what
 * it started. Public, in the test-jar, for the modules above (the CLI's probe tests).
 */
public final class RelaySites implements AutoCloseable {
    private final List<RelayNode> nodes = new ArrayList<>();

    /** Starts {@code size} nodes of {@code site} (named site + index) at once, without admin endpoints. */
    public List<RelayNode> start(String site, int size, int maxSiteMasters, List<BridgeConfig> bridges,
                                 List<ForwardRule> forwards) {
        return start(site, size, maxSiteMasters, bridges, forwards, -1);
    }

    /** As above, each node serving its admin endpoint on {@code adminPort} (0 = any free port, -1 = none). */
    public List<RelayNode> start(String site, int size, int maxSiteMasters, List<BridgeConfig> bridges,
                                 List<ForwardRule> forwards, int adminPort) {
        return start(site, size, maxSiteMasters, bridges, forwards, adminPort, UnaryOperator.identity());
    }

    /** As {@link #start(String, int, int, List, List)}, the nodes sealing payloads between sites with {@code keys}. */
    public List<RelayNode> startSealed(String site, int size, int maxSiteMasters, List<BridgeConfig> bridges,
                                       SiteSealingKeys keys) {
        return start(site, size, maxSiteMasters, bridges, List.of(), -1, config -> config.withSealing(keys));
    }

    /** As above, each node's config changed by {@code adjust} last. */
    public List<RelayNode> start(String site, int size, int maxSiteMasters, List<BridgeConfig> bridges,
                                 List<ForwardRule> forwards, int adminPort, UnaryOperator<RelayConfig> adjust) {
        List<Integer> ports = freePorts(size);
        String hosts = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        List<RelayNode> site0 = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            MemberConfig member = MemberConfig.loopback(site, site + i)
                    .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", ports.get(i))))
                    .withDiscovery(DiscoveryConfig.parse("static:" + hosts));
            RelayNode node = RelayNode.start(adjust.apply(RelayConfig.DEFAULTS.withSite(site).withMember(member)
                    .withBridges(bridges).withMaxSiteMasters(maxSiteMasters).withForwards(forwards)
                    .withAdminPort(adminPort)));
            site0.add(node);
            nodes.add(node);
        }
        return site0;
    }

    /** Every node sees exactly these sites with these member counts, each with {@code masters} site masters. */
    public static void assertTopology(List<RelayNode> nodes, int masters, Object... siteAndSize) {
        for (RelayNode node : nodes) {
            assertThat(node.topology()).as("sites seen by %s", node.address()).hasSize(siteAndSize.length / 2);
            for (int i = 0; i < siteAndSize.length; i += 2) {
                SiteView view = node.topology().get((String) siteAndSize[i]);
                assertThat(view).as("%s seen by %s", siteAndSize[i], node.address()).isNotNull();
                assertThat(view.members()).hasSize((Integer) siteAndSize[i + 1]);
                assertThat(view.siteMasters()).hasSize(masters);
                assertThat(view.members()).allSatisfy(m -> assertThat(m.physical()).startsWith("127.0.0.1:"));
            }
        }
    }

    /** Forgets a node the test closed or crashed itself. */
    public void forget(RelayNode node) {
        nodes.remove(node);
    }

    @Override
    public void close() {
        RelayNode.closeAll(nodes);
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Only the port number was needed.
                }
            }
        }
    }
}
