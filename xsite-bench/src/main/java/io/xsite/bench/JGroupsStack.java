package io.xsite.bench;

import io.xsite.core.membership.MembershipConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.PING;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.TUNNEL;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.relay.RELAY3;
import org.jgroups.stack.Protocol;
import org.jgroups.util.TLS;

/**
 * The JGroups 5.5 stacks the benchmarks compare xsite with, built in code, bottom first: a transport
 * (TCP on loopback, or TUNNEL through gossip routers for a relay bridge), discovery (TCPPING over the
 * static list of all members, or PING through the routers), MERGE3, FD_ALL3, VERIFY_SUSPECT, NAKACK2
 * (retransmission by unicast, as TCP has no multicast), optionally RELAY3, UNICAST3, STABLE, GMS, UFC and
 * MFC (credit flow control, without which a sender to everyone outruns its receivers and their buffers
 * grow without bound, while xsite's windows bound them), and FRAG4. Every property not set here keeps
 * JGroups' default; those set are the values of JGroups' own {@code tcp.xml} (10 MB of credits with a
 * 0.4 threshold, STABLE after 4 MB, 60 KB fragments).
 */
public final class JGroupsStack {
    /** Credits of UFC and MFC, as in JGroups' tcp.xml. */
    public static final long FLOW_CONTROL_CREDITS = 10_000_000;
    private static final double FLOW_CONTROL_THRESHOLD = 0.4;
    private static final long STABLE_MAX_BYTES = 4_000_000;
    private static final int FRAGMENT_BYTES = 60_000;

    private JGroupsStack() {
    }

    /**
     * A new protocol list for one member listening on {@code port} of 127.0.0.1, finding the others at
     * {@code allPorts} (its own among them, as in a shared configuration), with JGroups' default failure
     * detection.
     */
    public static List<Protocol> protocols(int port, List<Integer> allPorts) {
        return stack(tcp(port), tcpPing(allPorts), new FD_ALL3(), new VERIFY_SUSPECT(), null);
    }

    /**
     * The same local stack with {@code relay} between NAKACK2 and UNICAST3, where JGroups' manual places
     * RELAY3 so that UNICAST3 (and UFC) run end to end between members of different sites. Failure
     * detection follows {@code detection} (heartbeat interval, suspicion timeout, verification timeout),
     * so that a crash is detected as fast as by an xsite member with those settings.
     */
    public static List<Protocol> relayed(int port, List<Integer> allPorts, RELAY3 relay, MembershipConfig detection) {
        return stack(tcp(port), tcpPing(allPorts), failureDetection(detection), verify(detection), relay);
    }

    /**
     * A bridge stack: TUNNEL (TCP_NODELAY on) through {@code routers} (in that order of preference) and
     * PING discovery through them, failure detection as in {@link #relayed}.
     */
    public static List<Protocol> tunneled(List<InetSocketAddress> routers, MembershipConfig detection) {
        return stack(tunnel(routers), new PING(), failureDetection(detection), verify(detection), null);
    }

    /**
     * The same bridge stack with TUNNEL's connections to the routers over TLS ({@code tls}, enabled, a new
     * instance for each stack: TUNNEL initialises it).
     */
    public static List<Protocol> tunneledWithTls(List<InetSocketAddress> routers, MembershipConfig detection,
                                                 TLS tls) {
        TUNNEL tunnel = tunnel(routers);
        tunnel.tls(tls);
        return stack(tunnel, new PING(), failureDetection(detection), verify(detection), null);
    }

    private static TUNNEL tunnel(List<InetSocketAddress> routers) {
        TUNNEL tunnel = new TUNNEL();
        tunnel.setBindAddr(InetAddress.getLoopbackAddress());
        // JGroups' default is false; with Nagle's algorithm small messages wait for delayed acknowledgements
        // (tens of milliseconds), which would measure TCP settings rather than relaying.
        tunnel.setTcpNodelay(true);
        try {
            tunnel.setGossipRouterHosts(routers.stream()
                    .map(r -> r.getAddress().getHostAddress() + "[" + r.getPort() + "]")
                    .collect(Collectors.joining(",")));
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("cannot resolve the gossip routers " + routers, e);
        }
        return tunnel;
    }

    private static TCP tcp(int port) {
        TCP tcp = new TCP();
        tcp.setBindAddr(InetAddress.getLoopbackAddress());
        tcp.setBindPort(port);
        // The port is chosen free beforehand; trying neighbouring ports would only hide a clash.
        tcp.setPortRange(0);
        return tcp;
    }

    private static TCPPING tcpPing(List<Integer> allPorts) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new TCPPING().setInitialHosts(allPorts.stream().map(p -> new InetSocketAddress(loopback, p)).toList())
                .setPortRange(0);
    }

    private static FD_ALL3 failureDetection(MembershipConfig detection) {
        return new FD_ALL3().setInterval(detection.heartbeatInterval().toMillis())
                .setTimeout(detection.suspectTimeout().toMillis());
    }

    private static VERIFY_SUSPECT verify(MembershipConfig detection) {
        return new VERIFY_SUSPECT().setTimeout(detection.verifyTimeout().toMillis());
    }

    private static List<Protocol> stack(TP transport, Protocol discovery, FD_ALL3 fd, VERIFY_SUSPECT verify,
                                        RELAY3 relay) {
        List<Protocol> protocols = new ArrayList<>(List.of(transport, discovery, new MERGE3(), fd, verify,
                new NAKACK2().useMcastXmit(false)));
        if (relay != null) {
            protocols.add(relay);
        }
        protocols.addAll(List.of(
                new UNICAST3(),
                new STABLE().setMaxBytes(STABLE_MAX_BYTES),
                // The banner with each member's address on stdout would end up in the benchmark's report.
                new GMS().printLocalAddress(false),
                new UFC().setMaxCredits(FLOW_CONTROL_CREDITS).setMinThreshold(FLOW_CONTROL_THRESHOLD),
                new MFC().setMaxCredits(FLOW_CONTROL_CREDITS).setMinThreshold(FLOW_CONTROL_THRESHOLD),
                new FRAG4().setFragSize(FRAGMENT_BYTES)));
        return protocols;
    }
}
