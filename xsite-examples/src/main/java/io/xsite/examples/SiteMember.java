package io.xsite.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Joins a site's cluster and talks to everyone in it. Run one per member, each with its own port and the list of
 * all, and type lines: every member prints them.
 *
 * <pre>
 * java io.xsite.examples.SiteMember A 7800 127.0.0.1:7800,127.0.0.1:7801
 * java io.xsite.examples.SiteMember B 7801 127.0.0.1:7800,127.0.0.1:7801
 * </pre>
 */
public final class SiteMember {
    private SiteMember() {
    }

    // tag::readme[]
    /** Starts member {@code name} of cluster "orders"; the others listen at {@code members} ("host:port,..."). */
    public static Member join(String name, int port, String members, Consumer<String> heard) {
        MemberConfig config = MemberConfig.DEFAULTS.withCluster("orders").withName(name)
                .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", port)))
                .withDiscovery(DiscoveryConfig.parse("static:" + members)).withAdminPort(-1);
        Member member = Member.start(config);
        member.addMessageListener(message -> heard.accept(new String(message.payload(), UTF_8)));
        return member;
    }

    /** Sends {@code text} to every member of the view, this one included: reliable, in order per sender. */
    public static CompletableFuture<Void> tellEveryone(Member member, String text) {
        return member.sendToAll(text.getBytes(UTF_8));
    }
    // end::readme[]

    /** Arguments: name, port, members ("host:port,..."). Each line of standard input goes to everyone. */
    public static void main(String[] args) throws Exception {
        try (Member member = join(args[0], Integer.parseInt(args[1]), args[2], System.out::println);
             BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                tellEveryone(member, args[0] + ": " + line).join();
            }
        }
    }
}
