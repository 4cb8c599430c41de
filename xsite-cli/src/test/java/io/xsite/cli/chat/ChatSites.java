package io.xsite.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.RelayNode;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.topology.SiteView;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Two real routers and sites of relay nodes in one JVM, each node answering chat lines and keeping what
 * its chat printed. Each site is a loopback tcp cluster whose members find each other through a static
 * list of free ports (with room for members the test adds later). Closes what it started. Public for the
 * stream tests, which run their streams beside the chat.
 */
public final class ChatSites implements AutoCloseable {
    private final GossipRouter routerA = GossipRouter.start(RouterConfig.loopback());
    private final GossipRouter routerB = GossipRouter.start(RouterConfig.loopback());
    private final List<RelayNode> nodes = new CopyOnWriteArrayList<>();
    private final Map<RelayNode, List<String>> printed = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> sitePorts = new ConcurrentHashMap<>();

    /** Reserves {@code size} ports for {@code site} and starts a chatting node named site + index on the first {@code started}. */
    public List<RelayNode> startSite(String site, int size, int started) {
        sitePorts.put(site, freePorts(size));
        List<RelayNode> started0 = new ArrayList<>();
        for (int i = 0; i < started; i++) {
            RelayNode node = start(site, i, site + i, true);
            printed.put(node, new CopyOnWriteArrayList<>());
            ChatService.attach(node, printed.get(node)::add);
            started0.add(node);
        }
        return started0;
    }

    /** Starts member {@code name} of {@code site} on its reserved port {@code index}, without a chat service. */
    public RelayNode start(String site, int index, String name, boolean siteMasterEligible) {
        List<Integer> ports = sitePorts.get(site);
        String hosts = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        MemberConfig member = MemberConfig.loopback(site, name)
                .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", ports.get(index))))
                .withDiscovery(DiscoveryConfig.parse("static:" + hosts)).withSiteMasterEligible(siteMasterEligible);
        RelayNode node = RelayNode.start(RelayConfig.DEFAULTS.withSite(site).withMember(member).withBridges(
                List.of(new BridgeConfig("bridge", List.of(routerA.address(), routerB.address())))).withAdminPort(-1));
        nodes.add(node);
        return node;
    }

    /** What the chat of {@code node} (started by {@link #startSite}) printed so far. */
    List<String> printed(RelayNode node) {
        return printed.get(node);
    }

    /** Every node sees exactly these sites with these member counts. */
    public void assertTopology(Object... siteAndSize) {
        for (RelayNode node : nodes) {
            assertThat(node.topology()).as("sites seen by %s", node.address()).hasSize(siteAndSize.length / 2);
            for (int i = 0; i < siteAndSize.length; i += 2) {
                SiteView view = node.topology().get((String) siteAndSize[i]);
                assertThat(view).as("%s seen by %s", siteAndSize[i], node.address()).isNotNull();
                assertThat(view.members()).as("members of %s", siteAndSize[i]).hasSize((Integer) siteAndSize[i + 1]);
                assertThat(view.siteMasters()).as("site masters of %s", siteAndSize[i]).hasSize(1);
            }
        }
    }

    /** Stops both routers: the sites lose each other, each carrying on alone. */
    public void closeRouters() {
        routerA.close();
        routerB.close();
    }

    @Override
    public void close() {
        RelayNode.closeAll(nodes);
        routerA.close();
        routerB.close();
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
