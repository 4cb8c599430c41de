package io.xsite.bench.relay;

import io.xsite.bench.BenchCertificates;
import io.xsite.bench.BoundedPoll;
import io.xsite.bench.JGroupsStack;
import io.xsite.core.discovery.LoopbackPorts;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.net.tls.IssuedCertificate;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.relay.RELAY3;
import org.jgroups.protocols.relay.config.RelayConfig;
import org.jgroups.stack.GossipRouter;
import org.jgroups.stack.Protocol;
import org.jgroups.util.TLS;
import org.jgroups.util.TLSClientAuth;
import org.jgroups.util.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nyc and sfc as JGroups 5.5 channels with RELAY3: each site a loopback TCP cluster named after the
 * site ({@link JGroupsStack#relayed}), bridged by RELAY3's programmatic bridge configuration over TUNNEL
 * through two JGroups {@link GossipRouter}s in this JVM (blocking I/O, as shipped).
 *
 * <p>Failure detection (FD_ALL3, VERIFY_SUSPECT) follows xsite's {@link MembershipConfig#DEFAULTS}, so a
 * crash is detected by both systems after the same silence; JGroups' own defaults (40 s) would make
 * the failover comparison one of defaults, not of relaying. A crash is JGroups' own
 * {@link Util#shutdown(JChannel)} (all traffic discarded, then the channel closed without a leave),
 * applied to the site master's bridge channel first, then to its local channel.
 *
 * <p>With TLS ({@link #startWithTls}, system {@code jgroups-tls}) the bridge is secured as JGroups 5.5 can
 * secure it: TUNNEL's {@code tls.*} (a PKCS#12 key store with a site certificate of a throwaway CA, the CA
 * as trust store) and the gossip routers' TLS server sockets requiring a client certificate of that CA.
 * The local TCP clusters stay plain, as issue 15 defines the comparison (TLS on the bridge tunnel and
 * routers), although JGroups 5.5's TCP could take TLS too; xsite-tls secures its local connections as
 * well and seals payloads end to end, so it does more work than jgroups-tls, not less.
 */
final class JGroupsSites implements RelaySystem {
    private static final Logger LOG = LoggerFactory.getLogger(JGroupsSites.class);
    private static final MembershipConfig DETECTION = MembershipConfig.DEFAULTS;
    private static final String BRIDGE = "bridge";

    private final String system;
    private final BenchCertificates certificates;
    private final List<GossipRouter> routers = new ArrayList<>();
    private final List<JChannel> channels = new ArrayList<>();
    private final List<RELAY3> relays = new ArrayList<>();
    private final boolean[] crashed = new boolean[MEMBERS];
    private volatile Inbox inbox = Inbox.NONE;

    private JGroupsSites(String system, BenchCertificates certificates) {
        this.system = system;
        this.certificates = certificates;
    }

    /** Starts both routers and all 8 channels and waits until both sites and the bridge are complete. */
    static JGroupsSites start(Duration timeout) throws Exception {
        return start(new JGroupsSites(RelayReport.JGROUPS, null), timeout);
    }

    /** As {@link #start}, with TLS on the bridge: TUNNEL and gossip routers. */
    static JGroupsSites startWithTls(Duration timeout) throws Exception {
        return start(new JGroupsSites(RelayReport.JGROUPS_TLS, BenchCertificates.create(RelayReport.JGROUPS_TLS)),
                timeout);
    }

    private static JGroupsSites start(JGroupsSites sites, Duration timeout) throws Exception {
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            List<InetSocketAddress> routerAddresses = new ArrayList<>();
            for (int port : LoopbackPorts.free(2)) {
                GossipRouter router = new GossipRouter(loopback, port);
                if (sites.certificates != null) {
                    String name = "router" + sites.routers.size();
                    router.tls(tls(sites.certificates.pkcs12(new PeerIdentity(PeerRole.ROUTER, name), name))
                            .setClientAuth(TLSClientAuth.NEED));
                }
                router.start();
                sites.routers.add(router);
                routerAddresses.add(new InetSocketAddress(loopback, port));
            }
            sites.startSite(NYC, NYC_MEMBERS, routerAddresses);
            sites.startSite(SFC, SFC_MEMBERS, routerAddresses);
            BoundedPoll.until(timeout, sites::complete, () -> "jgroups views: " + sites.channels.stream()
                    .map(c -> c.getName() + "=" + c.getView()).toList() + ", bridge views: " + sites.relays.stream()
                    .filter(RELAY3::isSiteMaster).map(r -> r.getBridgeView(BRIDGE)).toList());
            return sites;
        } catch (Exception e) {
            sites.close();
            throw e;
        }
    }

    /** JGroups' TLS from the PKCS#12 key and trust stores in {@code stores}. */
    private static TLS tls(Path stores) {
        return new TLS().enabled(true)
                .setKeystorePath(stores.resolve(IssuedCertificate.PKCS12_FILE).toString())
                .setKeystorePassword(BenchCertificates.PKCS12_PASSWORD).setKeystoreType("PKCS12")
                .setTruststorePath(stores.resolve(IssuedCertificate.PKCS12_TRUST_FILE).toString())
                .setTruststorePassword(BenchCertificates.PKCS12_PASSWORD).setTruststoreType("PKCS12");
    }

    private void startSite(String site, int size, List<InetSocketAddress> routerAddresses) throws Exception {
        List<Integer> ports = LoopbackPorts.free(size);
        Path stores = certificates == null ? null : certificates.pkcs12(PeerIdentity.member(site), site);
        for (int i = 0; i < size; i++) {
            RELAY3 relay = new RELAY3().site(site);
            // Each member gets its own bridge protocols: a member that becomes site master builds its bridge
            // channel from them.
            Protocol[] bridge = (stores == null ? JGroupsStack.tunneled(routerAddresses, DETECTION)
                    : JGroupsStack.tunneledWithTls(routerAddresses, DETECTION, tls(stores))).toArray(Protocol[]::new);
            relay.addSite(site, new RelayConfig.SiteConfig(site)
                    .addBridge(new RelayConfig.ProgrammaticBridgeConfig(BRIDGE, bridge)));
            JChannel channel = new JChannel(JGroupsStack.relayed(ports.get(i), ports, relay, DETECTION))
                    .name(site + i);
            channel.setReceiver(new Answering(channel, channels.size()));
            channels.add(channel);
            relays.add(relay);
            channel.connect(site);
        }
    }

    private boolean complete() {
        for (int i = 0; i < MEMBERS; i++) {
            View view = channels.get(i).getView();
            int expected = RelaySystem.siteOf(i).equals(NYC) ? NYC_MEMBERS : SFC_MEMBERS;
            if (view == null || view.size() != expected) {
                return false;
            }
        }
        return relays.stream().filter(RELAY3::isSiteMaster).count() == 2 && relays.stream()
                .filter(RELAY3::isSiteMaster)
                .allMatch(r -> r.getBridgeView(BRIDGE) != null && r.getBridgeView(BRIDGE).size() == 2);
    }

    @Override
    public String system() {
        return system;
    }

    @Override
    public int siteMaster(String site) {
        for (int i = 0; i < MEMBERS; i++) {
            if (!crashed[i] && RelaySystem.siteOf(i).equals(site) && relays.get(i).isSiteMaster()) {
                return i;
            }
        }
        throw new IllegalStateException("no site master in " + site);
    }

    @Override
    public void deliverTo(Inbox value) {
        inbox = value;
    }

    @Override
    public void send(int from, int to, byte[] payload) throws Exception {
        channels.get(from).send(new BytesMessage(channels.get(to).getAddress(), payload));
    }

    @Override
    public void sendToAll(int from, byte[] payload) throws Exception {
        // RELAY3 relays a multicast to every other site (through the first site master of each site).
        channels.get(from).send(new BytesMessage(null, payload));
    }

    /** Nothing to wait for: a JGroups send returns once UNICAST3 or NAKACK2 owns the message. */
    @Override
    public void awaitSent(int from, Duration timeout) {
    }

    @Override
    public void crash(int index) throws Exception {
        crashed[index] = true;
        JChannel bridge = relays.get(index).getBridge(BRIDGE);
        if (bridge != null) {
            Util.shutdown(bridge);
        }
        Util.shutdown(channels.get(index));
    }

    @Override
    public void close() {
        // Last member first: closing a site master first would make each next member site master in turn,
        // building a bridge channel just to close it.
        for (int i = channels.size() - 1; i >= 0; i--) {
            channels.get(i).close();
        }
        routers.forEach(GossipRouter::stop);
        if (certificates != null) {
            certificates.close();
        }
    }

    /** Answers chat lines to their sender and hands everything else to the inbox. */
    private final class Answering implements Receiver {
        private final JChannel channel;
        private final int receiver;

        Answering(JChannel channel, int receiver) {
            this.channel = channel;
            this.receiver = receiver;
        }

        @Override
        public void receive(Message message) {
            byte[] bytes = message.getArray();
            int offset = message.getOffset();
            if (BenchPayload.kind(bytes, offset) == BenchPayload.CHAT) {
                try {
                    channel.send(new BytesMessage(message.getSrc(), BenchPayload.replyTo(bytes, offset)));
                } catch (Exception e) {
                    LOG.warn("jgroups: {} could not answer {}: {}", channel.getName(), message.getSrc(), e.toString());
                }
            } else {
                inbox.deliver(receiver, bytes, offset);
            }
        }
    }
}
