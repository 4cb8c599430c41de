package io.xsite.core.member;

import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.discovery.Candidate;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.discovery.LoopbackPorts;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.transport.memory.LinkConditions;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Members for the grid's tests: on the seeded in-memory network, or on loopback tcp. Their failure detection
 * is slower than {@link MembershipConfig#loopback()}'s (a member is suspected after 4 s of silence, not 1.5 s): the grid's
 * tests count crashes and partitions, and on a loaded machine a member that is only slow must not look crashed.
 */
public final class GridTestSites {
    private static final MembershipConfig PATIENT = new MembershipConfig(Duration.ofMillis(200), Duration.ofSeconds(4),
            Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofMillis(500), Duration.ofSeconds(1), 100);

    private GridTestSites() {
    }

    /**
     * Members on a seeded in-memory network, core's {@link InMemoryCluster} with patient members; discovery lists
     * every member started here and not crashed.
     */
    public static final class InMemory implements AutoCloseable {
        private final InMemoryCluster cluster;
        private final String name;
        private final String siteName;
        private final List<Member> members = new CopyOnWriteArrayList<>();
        private final List<UuidAddress> alive = new CopyOnWriteArrayList<>();

        public InMemory(String name, long seed) {
            this(name, seed, null);
        }

        /** Members whose addresses carry {@code siteName} (null: none), as a relay node's do. */
        public InMemory(String name, long seed, String siteName) {
            this.cluster = new InMemoryCluster(name, seed);
            this.name = name;
            this.siteName = siteName;
        }

        public Member start(String member) {
            Member started = Member.start(MemberConfig.loopback(name, member).withSite(siteName).withMembership(PATIENT),
                    (self, registry, loop) -> cluster.network().transport(self),
                    (configured, transport) -> () -> CompletableFuture.completedFuture(
                            alive.stream().map(m -> new Candidate(m, null)).toList()));
            members.add(started);
            alive.add(started.address());
            return started;
        }

        /**
         * Makes every frame between these members travel {@code delay} plus up to {@code jitter} more (frames overtake
         * each other; reliable delivery puts them back in order): a loaded site, whose messages and views interleave
         * in more ways than on an idle one.
         */
        public void slow(Duration delay, Duration jitter) {
            cluster.network().defaultLink(new LinkConditions(0, delay, jitter));
        }

        /** Cuts {@code a} off from {@code b}, both ways. */
        public void partition(List<Member> a, List<Member> b) {
            cluster.partition(a, b);
        }

        public void heal() {
            cluster.heal();
        }

        /** Crashes {@code member}: no leave, no more frames either way. */
        public void crash(Member member) {
            alive.remove(member.address());
            cluster.crash(member);
        }

        @Override
        public void close() {
            members.forEach(Member::close);
            cluster.close();
        }

        @Override
        public String toString() {
            return cluster.toString();
        }
    }

    /** Members on loopback tcp that find each other through a static list of ports chosen free beforehand. */
    public static final class Loopback implements AutoCloseable {
        private final String cluster;
        private final List<Integer> ports;
        private final List<Member> members = new CopyOnWriteArrayList<>();

        public Loopback(String cluster, int size) {
            this.cluster = cluster;
            this.ports = LoopbackPorts.free(size);
        }

        public List<Member> startAll() {
            return java.util.stream.IntStream.range(0, ports.size()).mapToObj(this::start).toList();
        }

        public Member start(int index) {
            Member member = Member.start(config(index));
            members.add(member);
            return member;
        }

        /** Member {@code index} on {@code loop}, which also runs its callbacks, as {@code xsite node} starts it. */
        public Member start(int index, EventLoop loop) {
            Member member = Member.start(config(index), loop, loop);
            members.add(member);
            return member;
        }

        private MemberConfig config(int index) {
            String hosts = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
            return MemberConfig.loopback(cluster, "m" + index).withMembership(PATIENT)
                    .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", ports.get(index))))
                    .withDiscovery(DiscoveryConfig.parse("static:" + hosts));
        }

        @Override
        public void close() {
            members.forEach(Member::close);
        }
    }
}
