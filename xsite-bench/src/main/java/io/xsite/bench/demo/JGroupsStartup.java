package io.xsite.bench.demo;

import io.xsite.bench.JGroupsStack;
import io.xsite.core.discovery.LoopbackPorts;
import io.xsite.core.membership.MembershipConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.protocols.relay.RELAY3;
import org.jgroups.protocols.relay.config.RelayConfig;
import org.jgroups.stack.GossipRouter;
import org.jgroups.stack.Protocol;

/**
 * The JGroups 5.5 side, the same topology as the demo: two JGroups {@link GossipRouter}s, nyc with 5 and
 * sfc with 3 channels with RELAY3 over loopback TCP + TCPPING ({@link JGroupsStack#relayed}), bridged over
 * TUNNEL through both routers ({@link JGroupsStack#tunneled}), plus Temp in sfc, which may not become
 * site master; all nine connect at once, as the demo's members start together. Every member answers a
 * multicast line with a unicast response to its sender, as RelayDemo does; Temp multicasts a line every
 * round until all 9 answered it. Failure detection follows {@link MembershipConfig#loopback()}, as in the
 * demo; everything else is JGroups' defaults.
 */
final class JGroupsStartup {
    private static final String BRIDGE = "bridge";
    private static final byte LINE = 1;
    private static final byte RESPONSE = 2;

    private JGroupsStartup() {
    }

    /** Starts the topology, measures until the first complete round, then stops it. */
    static FirstRound run(long startNanos, Duration round, Duration timeout) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<GossipRouter> routers = new ArrayList<>();
        List<JChannel> channels = new ArrayList<>();
        try {
            List<InetSocketAddress> routerAddresses = new ArrayList<>();
            for (int port : LoopbackPorts.free(2)) {
                GossipRouter router = new GossipRouter(loopback, port);
                router.start();
                routers.add(router);
                routerAddresses.add(new InetSocketAddress(loopback, port));
            }
            List<Integer> nyc = LoopbackPorts.free(5);
            List<Integer> sfc = LoopbackPorts.free(4);
            for (int i = 0; i < 5; i++) {
                channels.add(channel("nyc", "nyc" + (i + 1), nyc.get(i), nyc, true, routerAddresses));
            }
            for (int i = 0; i < 4; i++) {
                channels.add(channel("sfc", i < 3 ? "sfc" + (i + 1) : "Temp", sfc.get(i), sfc, i < 3, routerAddresses));
            }
            Responses responses = new Responses();
            JChannel temp = channels.get(channels.size() - 1);
            for (JChannel channel : channels) {
                channel.setReceiver(new Answering(channel, channel == temp ? responses : null));
            }
            connectTogether(channels);
            long deadline = startNanos + timeout.toNanos();
            for (int n = 1; System.nanoTime() - deadline < 0; n++) {
                String text = "round " + n;
                responses.expect(text);
                temp.send(new BytesMessage(null, payload(LINE, text)));
                if (responses.await(channels.size(), round)) {
                    return new FirstRound("jgroups", Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), n);
                }
            }
            throw new IllegalStateException("jgroups: no complete round within " + timeout);
        } finally {
            for (int i = channels.size() - 1; i >= 0; i--) {
                channels.get(i).close();
            }
            routers.forEach(GossipRouter::stop);
        }
    }

    private static JChannel channel(String site, String name, int port, List<Integer> sitePorts, boolean master,
                                    List<InetSocketAddress> routers) throws Exception {
        MembershipConfig detection = MembershipConfig.loopback();
        RELAY3 relay = new RELAY3().site(site).canBecomeSiteMaster(master);
        Protocol[] bridge = JGroupsStack.tunneled(routers, detection).toArray(Protocol[]::new);
        relay.addSite(site, new RelayConfig.SiteConfig(site)
                .addBridge(new RelayConfig.ProgrammaticBridgeConfig(BRIDGE, bridge)));
        return new JChannel(JGroupsStack.relayed(port, sitePorts, relay, detection)).name(name);
    }

    /** Connects every channel on a thread of its own at the same moment, as the demo starts its members. */
    private static void connectTogether(List<JChannel> channels) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(channels.size());
        try {
            List<CompletableFuture<Void>> connects = channels.stream().map(channel -> CompletableFuture.runAsync(() -> {
                try {
                    channel.connect(channel.getName().startsWith("nyc") ? "nyc" : "sfc");
                } catch (Exception e) {
                    throw new IllegalStateException("cannot connect " + channel.getName(), e);
                }
            }, threads)).toList();
            CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdown();
        }
    }

    private static byte[] payload(byte kind, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[bytes.length + 1];
        payload[0] = kind;
        System.arraycopy(bytes, 0, payload, 1, bytes.length);
        return payload;
    }

    /** The responders to the current line, at Temp. */
    private static final class Responses {
        private final Set<Address> from = ConcurrentHashMap.newKeySet();
        private volatile String current;

        synchronized void expect(String text) {
            current = text;
            from.clear();
        }

        synchronized void add(String text, Address sender) {
            if (text.equals(current)) {
                from.add(sender);
                notifyAll();
            }
        }

        synchronized boolean await(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (from.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    /** RelayDemo's behaviour: answer a multicast line with a unicast response; Temp also counts responses. */
    private static final class Answering implements Receiver {
        private final JChannel channel;
        private final Responses responses;

        Answering(JChannel channel, Responses responses) {
            this.channel = channel;
            this.responses = responses;
        }

        @Override
        public void receive(Message message) {
            byte[] bytes = message.getArray();
            int offset = message.getOffset();
            String text = new String(bytes, offset + 1, message.getLength() - 1, StandardCharsets.UTF_8);
            if (bytes[offset] == LINE) {
                try {
                    channel.send(new BytesMessage(message.getSrc(), payload(RESPONSE, text)));
                } catch (Exception e) {
                    throw new IllegalStateException(channel.getName() + " cannot answer " + message.getSrc(), e);
                }
            } else if (bytes[offset] == RESPONSE && responses != null) {
                responses.add(text, message.getSrc());
            }
        }
    }
}
