package io.xsite.core.member;

import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.discovery.LoopbackPorts;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.core.internal.tcp.ConnectionIdentities;
import io.xsite.core.internal.tcp.TcpTransport;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Members of one cluster on loopback tcp that find each other through a static list of their ports,
 * chosen free before the members start (so they can all start at once). Closes what it started.
 */
final class LoopbackCluster implements AutoCloseable {
    private final String cluster;
    private List<Integer> ports;
    private final List<Member> members = new ArrayList<>();

    private final IntFunction<ReloadingTls> tls;

    LoopbackCluster(String cluster, int size) {
        this(cluster, size, index -> null);
    }

    /** Members whose TLS material comes from {@code tls} by index (null = plain TCP). */
    LoopbackCluster(String cluster, int size, IntFunction<ReloadingTls> tls) {
        this.cluster = cluster;
        this.ports = LoopbackPorts.free(size);
        this.tls = tls;
    }

    /** The config of member {@code index} (named "m" + index), finding the others through the static list. */
    MemberConfig config(int index) {
        String hosts = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        return MemberConfig.loopback(cluster, "m" + index)
                .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", ports.get(index))))
                .withDiscovery(DiscoveryConfig.parse("static:" + hosts)).withTls(tls.apply(index));
    }

    /** Starts member {@code index}. */
    Member start(int index) {
        Member member = Member.start(config(index));
        members.add(member);
        return member;
    }

    /** Starts member {@code index} with a tcp transport that tells connections apart by {@code identities}. */
    Member start(int index, ConnectionIdentities identities) {
        MemberConfig config = config(index);
        Member member = Member.start(config,
                (self, registry, loop) -> new TcpTransport(config.tcp(), config.cluster(), self, registry, loop,
                        identities),
                (discovery, transport) -> discovery.create(config.cluster(), config.routers(),
                        transport.physicalAddress()));
        members.add(member);
        return member;
    }

    /**
     * Starts every member at once, in index order. A port found free can be taken by another process
     * before a member binds it: then everything started is closed and the cluster starts over on new ports.
     */
    List<Member> startAll() {
        for (int attempt = 1; ; attempt++) {
            List<Member> started = new ArrayList<>();
            try {
                for (int i = 0; i < ports.size(); i++) {
                    started.add(start(i));
                }
                return started;
            } catch (RuntimeException e) {
                if (attempt == 3 || !(rootCause(e) instanceof java.net.BindException)) {
                    throw e;
                }
                started.forEach(Member::simulateCrash);
                members.removeAll(started);
                ports = LoopbackPorts.free(ports.size());
            }
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void close() {
        members.forEach(Member::close);
    }
}
