package io.xsite.bench.site;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * The JGroups 5.5 stack the benchmark compares xsite with, built in code, bottom first: TCP on
 * loopback, TCPPING over the static list of all members, MERGE3, FD_ALL3, VERIFY_SUSPECT, NAKACK2
 * (retransmission by unicast, as TCP has no multicast), UNICAST3, STABLE, GMS, UFC and MFC (credit flow
 * control, without which a sender to everyone outruns its receivers and their buffers grow without
 * bound, while xsite's windows bound them), and FRAG4. Every property not set here keeps JGroups' default;
 * those set are the values of JGroups' own {@code tcp.xml} (10 MB of credits with a 0.4 threshold,
 * STABLE after 4 MB, 60 KB fragments).
 */
final class JGroupsStack {
    /** Credits of UFC and MFC, as in JGroups' tcp.xml. */
    static final long FLOW_CONTROL_CREDITS = 10_000_000;
    private static final double FLOW_CONTROL_THRESHOLD = 0.4;
    private static final long STABLE_MAX_BYTES = 4_000_000;
    private static final int FRAGMENT_BYTES = 60_000;

    private JGroupsStack() {
    }

    /**
     * A new protocol list for one member listening on {@code port} of 127.0.0.1, finding the others at
     * {@code allPorts} (its own among them, as in a shared configuration).
     */
    static List<Protocol> protocols(int port, List<Integer> allPorts) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<InetSocketAddress> hosts = allPorts.stream().map(p -> new InetSocketAddress(loopback, p)).toList();
        TCP tcp = new TCP();
        tcp.setBindAddr(loopback);
        tcp.setBindPort(port);
        // The port is chosen free beforehand; trying neighbouring ports would only hide a clash.
        tcp.setPortRange(0);
        return List.of(
                tcp,
                new TCPPING().setInitialHosts(hosts).setPortRange(0),
                new MERGE3(),
                new FD_ALL3(),
                new VERIFY_SUSPECT(),
                new NAKACK2().useMcastXmit(false),
                new UNICAST3(),
                new STABLE().setMaxBytes(STABLE_MAX_BYTES),
                new GMS(),
                new UFC().setMaxCredits(FLOW_CONTROL_CREDITS).setMinThreshold(FLOW_CONTROL_THRESHOLD),
                new MFC().setMaxCredits(FLOW_CONTROL_CREDITS).setMinThreshold(FLOW_CONTROL_THRESHOLD),
                new FRAG4().setFragSize(FRAGMENT_BYTES));
    }
}
