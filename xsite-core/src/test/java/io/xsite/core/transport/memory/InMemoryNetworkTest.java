package io.xsite.core.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.Frames;
import io.xsite.core.transport.TransportListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The simulated network on its own, in manual mode with a fake clock. */
class InMemoryNetworkTest {
    private final AtomicLong clock = new AtomicLong();
    private final UuidAddress a = member("a", 1);
    private final UuidAddress b = member("b", 2);
    private final UuidAddress c = member("c", 3);

    /** Writes every event as one line, in the order it happens. */
    private static final class Log implements TransportListener {
        private final String at;
        private final List<String> lines;

        Log(String at, List<String> lines) {
            this.at = at;
            this.lines = lines;
        }

        @Override
        public void onFrame(UuidAddress from, ByteBuf frame) {
            lines.add(at + "<-" + from.name() + ":" + frame.readInt());
            frame.release();
        }

        @Override
        public void onPeerConnected(UuidAddress peer) {
            lines.add(at + " connected " + peer.name());
        }

        @Override
        public void onPeerDisconnected(UuidAddress peer) {
            lines.add(at + " disconnected " + peer.name());
        }
    }

    @Test
    void theSameSeedGivesTheSameDeliveriesAndDrops() {
        List<String> first = lossyJitteryRun(20240611L);
        List<String> again = lossyJitteryRun(20240611L);
        List<String> other = lossyJitteryRun(7L);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        long delivered = first.stream().filter(l -> l.contains("<-")).count();
        assertThat(delivered).as("about 80%% of 600 frames arrive").isBetween(420L, 540L);
    }

    @Test
    void aLinkWithoutJitterStaysFifoWhenItsDelayShrinks() {
        List<String> lines = new ArrayList<>();
        try (InMemoryNetwork network = InMemoryNetwork.manual(1, clock::get)) {
            InMemoryTransport ta = start(network, a, lines);
            start(network, b, lines);
            network.link(a, b, new LinkConditions(0, Duration.ofMillis(50), Duration.ZERO));
            ta.send(b, frame(1));
            network.link(a, b, LinkConditions.PERFECT);
            ta.send(b, frame(2));

            assertThat(network.deliverDue()).as("frame 2 may not overtake the delayed frame 1").isZero();
            clock.addAndGet(Duration.ofMillis(50).toNanos());
            network.deliverDue();

            assertThat(lines).containsExactly("a connected b", "b connected a", "b<-a:1", "b<-a:2");
        }
    }

    @Test
    void aPartitionDropsFramesAcrossItAndAHealLetsThemThroughAgain() {
        List<String> lines = new ArrayList<>();
        try (InMemoryNetwork network = InMemoryNetwork.manual(2, clock::get)) {
            InMemoryTransport ta = start(network, a, lines);
            start(network, b, lines);
            start(network, c, lines);
            ta.send(c, frame(1));
            network.deliverAll();

            network.partition(Set.of(a, b), Set.of(c));
            ta.send(c, frame(2));
            ta.send(b, frame(3));
            network.deliverAll();
            network.heal();
            ta.send(c, frame(4));
            network.deliverAll();

            assertThat(lines).as("%s", network).containsExactly(
                    "a connected c", "c connected a", "c<-a:1",
                    "a disconnected c", "c disconnected a",
                    "a connected b", "b connected a", "b<-a:3",
                    "a connected c", "c connected a", "c<-a:4");
        }
    }

    @Test
    void aCrashedMemberNeitherSendsNorReceivesAndItsPeersHearOfIt() {
        List<String> lines = new ArrayList<>();
        try (InMemoryNetwork network = InMemoryNetwork.manual(3, clock::get)) {
            InMemoryTransport ta = start(network, a, lines);
            InMemoryTransport tb = start(network, b, lines);
            InMemoryTransport tc = start(network, c, lines);
            ta.send(c, frame(1));
            tb.send(c, frame(2));
            network.deliverAll();
            ByteBuf inFlight = frame(3);
            ta.send(c, inFlight);

            network.crash(c);

            assertThat(inFlight.refCnt()).as("the frame in flight to the crashed member is released").isZero();
            assertThat(ta.send(c, frame(4))).isFalse();
            assertThat(tc.send(a, frame(5))).isFalse();
            assertThat(ta.isWritable(c)).isFalse();
            assertThat(network.deliverAll()).isZero();
            assertThat(lines).containsSubsequence("a disconnected c").containsSubsequence("b disconnected c")
                    .doesNotContain("c<-a:3");
            assertThat(ta.connectedPeers()).isEmpty();
        }
    }

    /** Three members send 100 frames to each other over links losing 20% with 0-5 ms jitter. */
    private List<String> lossyJitteryRun(long seed) {
        List<String> lines = new ArrayList<>();
        AtomicLong fake = new AtomicLong();
        try (InMemoryNetwork network = InMemoryNetwork.manual(seed, fake::get)) {
            network.defaultLink(new LinkConditions(0.2, Duration.ofMillis(1), Duration.ofMillis(5)));
            List<InMemoryTransport> all = List.of(start(network, a, lines), start(network, b, lines),
                    start(network, c, lines));
            for (int i = 0; i < 100; i++) {
                for (InMemoryTransport from : all) {
                    for (InMemoryTransport to : all) {
                        if (from != to) {
                            from.send(to.member(), frame(i));
                        }
                    }
                }
                fake.addAndGet(Duration.ofMillis(1).toNanos());
                network.deliverDue();
            }
            network.deliverAll();
        }
        return lines;
    }

    private static InMemoryTransport start(InMemoryNetwork network, UuidAddress member, List<String> lines) {
        InMemoryTransport transport = network.transport(member);
        transport.start(new Log(member.name(), lines));
        return transport;
    }

    private static ByteBuf frame(int n) {
        return Frames.buffer(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    private static UuidAddress member(String name, long bits) {
        return UuidAddress.siteUuid(new UUID(0, bits), name, null, 0);
    }
}
