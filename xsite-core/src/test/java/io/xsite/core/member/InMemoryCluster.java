package io.xsite.core.member;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.discovery.Candidate;
import io.xsite.core.discovery.Discovery;
import io.xsite.core.transport.memory.InMemoryNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real members on an in-memory network (real threads, real time, seeded loss): discovery lists every
 * member started and not crashed, as a static host list would. Partitions, heals and crashes come from
 * the network; the seed is in {@link #toString()}.
 */
final class InMemoryCluster implements AutoCloseable {
    private final String cluster;
    private final InMemoryNetwork network;
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final List<UuidAddress> alive = new CopyOnWriteArrayList<>();

    InMemoryCluster(String cluster, long seed) {
        this.cluster = cluster;
        this.network = InMemoryNetwork.automatic(seed);
    }

    InMemoryNetwork network() {
        return network;
    }

    Member start(String name) {
        Member member = Member.start(MemberConfig.loopback(cluster, name),
                (self, registry, loop) -> network.transport(self, loop), (configured, transport) -> new EveryoneAlive());
        members.add(member);
        alive.add(member.address());
        return member;
    }

    List<Member> start(int count) {
        List<Member> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(start("m" + i));
        }
        return started;
    }

    /** Cuts {@code a} off from {@code b}, both ways. */
    void partition(List<Member> a, List<Member> b) {
        network.partition(addresses(a), addresses(b));
    }

    void heal() {
        network.heal();
    }

    /** Stops {@code member} the way a crash does: no leave, no more frames either way. */
    void crash(Member member) {
        alive.remove(member.address());
        network.crash(member.address());
        member.simulateCrash();
    }

    @Override
    public void close() {
        members.forEach(Member::close);
        network.close();
    }

    @Override
    public String toString() {
        return network.toString();
    }

    private static Set<UuidAddress> addresses(List<Member> members) {
        return Set.copyOf(members.stream().map(Member::address).toList());
    }

    private final class EveryoneAlive implements Discovery {
        @Override
        public java.util.concurrent.CompletionStage<List<Candidate>> find() {
            return CompletableFuture.completedFuture(alive.stream().map(m -> new Candidate(m, null)).toList());
        }
    }
}
