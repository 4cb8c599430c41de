package io.xsite.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.RelayNode;
import io.xsite.relay.bridge.BridgeConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A member of one site of a cluster that spans sites: its site's first member becomes site master and
 * bridges the site through the gossip routers ({@code bin/xsite router}), so a message finds members of any
 * site. Run members of two sites and type {@code site text}:
 *
 * <pre>
 * bin/xsite router --port 12001
 * java io.xsite.examples.CrossSiteNode nyc A 7800 127.0.0.1:7800 127.0.0.1:12001
 * java io.xsite.examples.CrossSiteNode sfc X 7900 127.0.0.1:7900 127.0.0.1:12001
 * </pre>
 */
public final class CrossSiteNode {
    private CrossSiteNode() {
    }

    // tag::readme[]
    /** Starts member {@code name} of {@code site}, bridged to the other sites through {@code router}. */
    public static RelayNode join(String site, String name, int port, String members, InetSocketAddress router,
                                 Consumer<String> heard) {
        MemberConfig member = MemberConfig.DEFAULTS.withCluster(site).withName(name)
                .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", port)))
                .withDiscovery(DiscoveryConfig.parse("static:" + members));
        RelayNode node = RelayNode.start(RelayConfig.DEFAULTS.withSite(site).withMember(member)
                .withBridges(List.of(new BridgeConfig(BridgeConfig.DEFAULT_NAME, List.of(router))))
                .withAdminPort(-1));
        node.addMessageListener(message -> heard.accept(message.sender().site() + "/" + message.sender().name()
                + ": " + new String(message.payload(), UTF_8)));
        return node;
    }

    /** Sends {@code text} to every member of {@code site}; once and in order, even across a site-master crash. */
    public static CompletableFuture<Void> tellSite(RelayNode node, String site, String text) {
        return node.sendToSite(site, text.getBytes(UTF_8));
    }
    // end::readme[]

    /** Arguments: site, name, port, members ("host:port,..."), router ("host:port"); input lines "site text". */
    public static void main(String[] args) throws Exception {
        String[] router = args[4].split(":", 2);
        InetSocketAddress routerAddress = new InetSocketAddress(router[0], Integer.parseInt(router[1]));
        try (RelayNode node = join(args[0], args[1], Integer.parseInt(args[2]), args[3], routerAddress,
                System.out::println);
             BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] siteAndText = line.split(" ", 2);
                if (siteAndText.length == 2) {
                    tellSite(node, siteAndText[0], siteAndText[1]).join();
                }
            }
        }
    }
}
