package io.xsite.bench.site;

import io.xsite.bench.BoundedPoll;
import io.xsite.core.discovery.LoopbackPorts;
import io.xsite.bench.PacedSends;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.delivery.Replies;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * xsite members on loopback tcp that find each other through a static list of all their ports, with
 * production membership and delivery settings ({@link MembershipConfig#DEFAULTS},
 * {@link DeliveryConfig#DEFAULTS}); only the bind address and the missing admin endpoint differ from
 * {@link MemberConfig#DEFAULTS}.
 *
 * <p>xsite's sends are asynchronous: a send's future completes once the reliable window took the
 * message. To give the benchmark the same blocking sends as JGroups, they are {@link PacedSends}.
 */
final class XsiteCluster implements SiteCluster {
    private static final String CLUSTER = "site-bench";

    private final List<Member> members = new ArrayList<>();
    private final PacedSends paced;
    private volatile Deliveries deliveries;

    private XsiteCluster(int size) {
        List<Integer> ports = LoopbackPorts.free(size);
        paced = new PacedSends(size);
        String hosts = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        try {
            for (int i = 0; i < size; i++) {
                MemberConfig config = MemberConfig.loopback(CLUSTER, "x" + i)
                        .withMembership(MembershipConfig.DEFAULTS).withDelivery(DeliveryConfig.DEFAULTS)
                        .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", ports.get(i))))
                        .withDiscovery(DiscoveryConfig.parse("static:" + hosts));
                Member member = Member.start(config);
                members.add(member);
                int receiver = i;
                member.addMessageListener(m -> deliveries.record(receiver, m.payload(), 0));
                // The reply is the request's own bytes: an echo, as on the JGroups side.
                member.setRequestHandler(request -> request.payload());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts {@code size} members and waits until each has a view of all of them. */
    static XsiteCluster start(int size, Duration timeout) throws TimeoutException, InterruptedException {
        XsiteCluster cluster = new XsiteCluster(size);
        try {
            BoundedPoll.until(timeout, () -> cluster.members.stream()
                    .allMatch(m -> m.view() != null && m.view().members().size() == size),
                    () -> "xsite views: " + cluster.members.stream().map(m -> String.valueOf(m.view())).toList());
            return cluster;
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String system() {
        return "xsite";
    }

    @Override
    public int size() {
        return members.size();
    }

    @Override
    public void deliverTo(Deliveries value) {
        deliveries = value;
    }

    @Override
    public void send(int from, int to, byte[] payload) throws InterruptedException {
        paced.send(from, () -> members.get(from).send(members.get(to).address(), payload));
    }

    @Override
    public void sendToAll(int from, byte[] payload) throws InterruptedException {
        paced.send(from, () -> members.get(from).sendToAll(payload));
    }

    @Override
    public void awaitSent(int from, Duration timeout) throws Exception {
        paced.awaitTaken(from, timeout);
    }

    @Override
    public void request(int from, int to, byte[] payload, Duration timeout) throws Exception {
        UuidAddress target = members.get(to).address();
        Replies replies = members.get(from).request(target, payload, timeout).get();
        if (!replies.allReplied()) {
            throw new IllegalStateException("x" + to + " did not reply: " + replies.get(target).outcome());
        }
    }

    @Override
    public void requestAll(int from, byte[] payload, Duration timeout) throws Exception {
        Replies replies = members.get(from).requestAll(payload, timeout).get();
        if (!replies.allReplied() || replies.byTarget().size() != members.size()) {
            throw new IllegalStateException("not every member replied: " + replies.byTarget().values());
        }
    }

    @Override
    public void close() {
        members.forEach(Member::close);
    }
}
