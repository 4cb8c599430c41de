package io.xsite.core.member;

import java.util.List;

/**
 * Reaches the package-private test clusters of xsite-core (members on the seeded in-memory network, members on
 * loopback tcp) and {@link Member#kill()} for the grid's tests, as xsite-relay's {@code MemberCrash} does.
 */
public final class GridTestSites {
    private GridTestSites() {
    }

    /** Stops {@code member} at once without leaving, as a crash would. */
    public static void kill(Member member) {
        member.kill();
    }

    /** Members on a seeded in-memory network (real threads and time, seeded loss, partitions and crashes). */
    public static final class InMemory implements AutoCloseable {
        private final InMemoryCluster cluster;

        public InMemory(String name, long seed) {
            this.cluster = new InMemoryCluster(name, seed);
        }

        public Member start(String name) {
            return cluster.start(name);
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
            cluster.crash(member);
        }

        @Override
        public void close() {
            cluster.close();
        }

        @Override
        public String toString() {
            return cluster.toString();
        }
    }

    /** Members on loopback tcp that find each other through a static list of ports. */
    public static final class Loopback implements AutoCloseable {
        private final LoopbackCluster cluster;

        public Loopback(String name, int size) {
            this.cluster = new LoopbackCluster(name, size);
        }

        public List<Member> startAll() {
            return cluster.startAll();
        }

        public Member start(int index) {
            return cluster.start(index);
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
