package io.xsite.core.internal.membership;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A deterministic simulation of members running {@link Membership}: one fake clock, ticks, and a
 * network of records that delivers in an order drawn from a seeded {@link Random}, drops messages
 * with a probability, across partitions and to or from crashed members. The same seed replays the
 * same run. Discovery answers with every member that was started and has not crashed or left
 * (as a static host list would, partitioned ones included).
 */
final class SimNetwork {
    /** How often members tick, as a member's executor would. */
    static final Duration TICK = Duration.ofMillis(50);
    private static final int MAX_DELIVERY_ROUNDS = 50;

    /** One message in flight; {@code message} null stands for a discovery result to {@code to}. */
    record Envelope(UuidAddress from, UuidAddress to, MembershipMessage message) {
    }

    private final MembershipConfig config;
    private final Random random;
    private final Map<UuidAddress, SimMember> members = new LinkedHashMap<>();
    private final Map<UuidAddress, Integer> sides = new HashMap<>();
    private final List<Envelope> sent = new ArrayList<>();
    private List<Envelope> queue = new ArrayList<>();
    private Predicate<Envelope> dropRule = e -> false;
    private double dropProbability;
    private long now;

    SimNetwork(long seed, MembershipConfig config) {
        this.random = new Random(seed);
        this.config = config;
        // Not zero: a clock must work from anywhere, including where nanoTime would wrap.
        this.now = random.nextLong();
    }

    /** A new member named {@code name}, not started yet. */
    SimMember add(String name) {
        UuidAddress address = UuidAddress.siteUuid(new UUID(random.nextLong(), random.nextLong()), name, null, 0);
        SimMember member = new SimMember(name, address);
        member.membership = new Membership(config, "sim", address, new Output(member), () -> now,
                new Random(random.nextLong()));
        members.put(address, member);
        return member;
    }

    /** Adds and starts {@code count} members at the same moment, named with {@code prefix}. */
    List<SimMember> startMembers(String prefix, int count) {
        List<SimMember> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(add(prefix + i));
        }
        started.forEach(m -> m.membership.start());
        return started;
    }

    /** Stops {@code member} dead: it neither ticks nor sends nor receives, and nobody is told. */
    void crash(SimMember member) {
        member.crashed = true;
    }

    /** Splits the members into sides that cannot reach each other; members not named form one more side. */
    @SafeVarargs
    final void partition(Collection<SimMember>... groups) {
        sides.clear();
        for (int i = 0; i < groups.length; i++) {
            for (SimMember m : groups[i]) {
                sides.put(m.address, i + 1);
            }
        }
    }

    /** Ends every partition. */
    void heal() {
        sides.clear();
    }

    /** Drops, from now on, every message {@code rule} matches (besides partitions and random loss). */
    void dropWhen(Predicate<Envelope> rule) {
        this.dropRule = rule;
    }

    void dropProbability(double probability) {
        this.dropProbability = probability;
    }

    /** Advances the clock by {@code duration} in ticks, delivering after each. */
    void run(Duration duration) {
        for (long t = 0; t < duration.toNanos(); t += TICK.toNanos()) {
            step();
        }
    }

    /**
     * Advances tick by tick until {@code condition} holds or {@code max} passed.
     *
     * @return the simulated time it took, or {@code null} if the condition never held
     */
    Duration runUntil(Duration max, BooleanSupplier condition) {
        for (long t = 0; t <= max.toNanos(); t += TICK.toNanos()) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(t);
            }
            step();
        }
        return null;
    }

    /** Members that were started and neither crashed nor left. */
    List<SimMember> live() {
        return members.values().stream().filter(SimMember::isLive).toList();
    }

    /** Every message sent so far, dropped ones included. */
    List<Envelope> sent() {
        return Collections.unmodifiableList(sent);
    }

    private void step() {
        now += TICK.toNanos();
        List<SimMember> ticking = new ArrayList<>(live());
        Collections.shuffle(ticking, random);
        ticking.forEach(m -> m.membership.onTick());
        for (int round = 0; round < MAX_DELIVERY_ROUNDS && !queue.isEmpty(); round++) {
            List<Envelope> batch = queue;
            queue = new ArrayList<>();
            Collections.shuffle(batch, random);
            batch.forEach(this::deliver);
        }
    }

    private void deliver(Envelope e) {
        SimMember to = members.get(e.to());
        if (to == null || !to.isLive()) {
            return;
        }
        if (e.message() == null) {
            to.membership.onDiscovered(live().stream().map(m -> m.address).toList());
            return;
        }
        boolean lost = dropProbability > 0 && random.nextDouble() < dropProbability;
        if (!members.get(e.from()).isLive() || !reachable(e.from(), e.to()) || dropRule.test(e) || lost) {
            return;
        }
        to.membership.onMessage(e.from(), e.message());
    }

    private boolean reachable(UuidAddress a, UuidAddress b) {
        return sides.isEmpty() || sides.getOrDefault(a, 0).equals(sides.getOrDefault(b, 0));
    }

    /** One simulated member and what it saw. */
    static final class SimMember {
        final String name;
        final UuidAddress address;
        final List<View> views = new ArrayList<>();
        /** Views it dropped, by reason. */
        final Map<MembershipDrop, Integer> dropped = new EnumMap<>(MembershipDrop.class);
        Membership membership;
        boolean crashed;
        boolean left;

        private SimMember(String name, UuidAddress address) {
            this.name = name;
            this.address = address;
        }

        boolean isLive() {
            return !crashed && !left;
        }

        View view() {
            return membership.view();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final class Output implements MembershipOutput {
        private final SimMember member;

        Output(SimMember member) {
            this.member = member;
        }

        @Override
        public void send(UuidAddress to, MembershipMessage message) {
            Envelope e = new Envelope(member.address, to, message);
            sent.add(e);
            queue.add(e);
        }

        @Override
        public void installView(View view) {
            member.views.add(view);
        }

        @Override
        public void discover() {
            queue.add(new Envelope(member.address, member.address, null));
        }

        @Override
        public void left() {
            member.left = true;
        }

        @Override
        public void dropped(UuidAddress from, MembershipDrop reason) {
            member.dropped.merge(reason, 1, Integer::sum);
        }
    }
}
