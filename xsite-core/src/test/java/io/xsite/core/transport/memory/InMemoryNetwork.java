package io.xsite.core.transport.memory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.xsite.wire.address.UuidAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A simulated network of {@link InMemoryTransport}s for protocol tests: per-link loss, delay and jitter
 * drawn from one seeded {@link Random}, partitions, heals and crashes. Its {@link #toString} names the
 * seed, so a failing assertion that prints the network says how to replay it.
 *
 * <p>Two modes. {@link #manual}: frames wait in the network until the test calls {@link #step},
 * {@link #deliverDue} (frames whose travel time has passed on the test's clock) or {@link #deliverAll};
 * listener callbacks run on the calling thread, so a single-threaded test with the same seed sees the
 * same deliveries and drops in the same order every time. {@link #automatic}: one delivery thread
 * delivers frames as they become due in real time (for tests that run real threads; not replayable), to
 * the event loop of each transport bound to one.
 *
 * <p>Semantics: a link is FIFO unless its {@link LinkConditions#jitter()} is above zero. Two members
 * count as connected from the first frame delivered between them (both hear onPeerConnected) until a
 * crash or a partition separates them (both live ends hear onPeerDisconnected, as when connections
 * reset); after a heal the next delivered frame connects them again. Frames crossing a partition, and
 * frames to or from a crashed member, are dropped. Sends to an unknown or crashed member return false.
 */
public final class InMemoryNetwork implements AutoCloseable {
    private static final long MAX_STEPS = 10_000_000;

    private final long seed;
    private final Random random;
    private final LongSupplier clock;
    private final ScheduledExecutorService deliverer;
    private final Map<UuidAddress, InMemoryTransport> members = new LinkedHashMap<>();
    private final Set<UuidAddress> crashed = new HashSet<>();
    private final Map<Link, LinkConditions> conditions = new HashMap<>();
    private final Map<Link, Long> lastDue = new HashMap<>();
    private final Set<Link> connected = new HashSet<>();
    private final List<Set<UuidAddress>> partition = new ArrayList<>();
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
            Comparator.comparingLong(InFlight::due).thenComparingLong(InFlight::sequence));
    private LinkConditions defaults = LinkConditions.PERFECT;
    private long sequence;

    /** A directed pair of members; connections use it with the smaller UUID first. */
    private record Link(UuidAddress from, UuidAddress to) {
        Link undirected() {
            boolean ordered = from.uuid().compareTo(to.uuid()) <= 0;
            return ordered ? this : new Link(to, from);
        }
    }

    private record InFlight(long due, long sequence, UuidAddress from, UuidAddress to, ByteBuf frame) {
    }

    private InMemoryNetwork(long seed, LongSupplier clock, ScheduledExecutorService deliverer) {
        this.seed = seed;
        this.random = new Random(seed);
        this.clock = clock;
        this.deliverer = deliverer;
    }

    /** A network driven by the test: deliveries happen in {@link #step}, {@link #deliverDue}, {@link #deliverAll}. */
    public static InMemoryNetwork manual(long seed, LongSupplier nanoClock) {
        return new InMemoryNetwork(seed, Objects.requireNonNull(nanoClock, "nanoClock"), null);
    }

    /** A network that delivers by itself on one thread as frames become due in real time. */
    public static InMemoryNetwork automatic(long seed) {
        return new InMemoryNetwork(seed, System::nanoTime, Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("in-memory-network-" + seed, true)));
    }

    /** The seed every random draw comes from. */
    public long seed() {
        return seed;
    }

    /**
     * Adds {@code member} to the network (once) and returns its transport, whose listener is called on the
     * network's thread (in a manual network, the test's).
     */
    public InMemoryTransport transport(UuidAddress member) {
        return transport(member, null);
    }

    /**
     * Adds {@code member} to the network (once) and returns its transport, confined to {@code loop} (the
     * member's event loop) like a real one: calls are checked, and the listener is called there.
     */
    public synchronized InMemoryTransport transport(UuidAddress member, EventLoop loop) {
        if (members.containsKey(member)) {
            throw new IllegalStateException(member + " is on " + this + " already");
        }
        int n = members.size() + 1;
        InMemoryTransport transport = new InMemoryTransport(this, member, fakeAddress(n), loop);
        members.put(member, transport);
        return transport;
    }

    /** Sets the conditions of every link without its own. */
    public synchronized void defaultLink(LinkConditions link) {
        defaults = Objects.requireNonNull(link, "link");
    }

    /** Sets the conditions of frames from {@code from} to {@code to} (one direction). */
    public synchronized void link(UuidAddress from, UuidAddress to, LinkConditions link) {
        conditions.put(new Link(from, to), Objects.requireNonNull(link, "link"));
    }

    /** Cuts every link between {@code a} and {@code b}; connected pairs across it hear onPeerDisconnected. */
    public void partition(Set<UuidAddress> a, Set<UuidAddress> b) {
        List<Runnable> events = new ArrayList<>();
        synchronized (this) {
            partition.clear();
            partition.add(Set.copyOf(a));
            partition.add(Set.copyOf(b));
            for (Link link : Set.copyOf(connected)) {
                if (separated(link.from(), link.to())) {
                    disconnect(link, events);
                }
            }
        }
        events.forEach(Runnable::run);
    }

    /** Ends the partition; frames cross again (pairs reconnect with their next delivered frame). */
    public synchronized void heal() {
        partition.clear();
    }

    /** Stops {@code member}: it sends and receives nothing more, its frames in flight are lost, peers hear of it. */
    public void crash(UuidAddress member) {
        List<Runnable> events = new ArrayList<>();
        synchronized (this) {
            if (!crashed.add(member)) {
                return;
            }
            queue.removeIf(f -> {
                boolean involved = f.from().equals(member) || f.to().equals(member);
                if (involved) {
                    f.frame().release();
                }
                return involved;
            });
            for (Link link : Set.copyOf(connected)) {
                if (link.from().equals(member) || link.to().equals(member)) {
                    disconnect(link, events);
                }
            }
        }
        events.forEach(Runnable::run);
    }

    /** Delivers (or drops, if a partition or crash came in between) the earliest frame; false if none. */
    public boolean step() {
        InFlight next;
        synchronized (this) {
            next = queue.poll();
        }
        if (next == null) {
            return false;
        }
        deliver(next);
        return true;
    }

    /** Delivers every frame whose travel time has passed on the clock, those sent meanwhile included. */
    public int deliverDue() {
        int count = 0;
        while (true) {
            InFlight next;
            synchronized (this) {
                InFlight head = queue.peek();
                if (head == null || head.due() - clock.getAsLong() > 0) {
                    return count;
                }
                next = queue.poll();
            }
            deliver(next);
            count++;
        }
    }

    /** Delivers frames in travel order, ignoring the clock, until none is left; returns how many. */
    public int deliverAll() {
        int count = 0;
        while (step()) {
            if (++count > MAX_STEPS) {
                throw new IllegalStateException("frames still flowing after " + MAX_STEPS + " deliveries on " + this);
            }
        }
        return count;
    }

    /** Frames on their way now. */
    public synchronized int inFlight() {
        return queue.size();
    }

    /** Crashes every member, drops what is in flight and stops the delivery thread. */
    @Override
    public void close() {
        for (UuidAddress member : List.copyOf(members())) {
            crash(member);
        }
        if (deliverer != null) {
            deliverer.shutdownNow();
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryNetwork[seed=" + seed + ", members=" + members.size() + ", crashed=" + crashed.size()
                + ", partition=" + partition + ", defaults=" + defaults + ", inFlight=" + queue.size() + "]";
    }

    synchronized boolean send(UuidAddress from, UuidAddress to, ByteBuf frame) {
        if (!reachable(from, to)) {
            frame.release();
            return false;
        }
        Link link = new Link(from, to);
        LinkConditions c = conditions.getOrDefault(link, defaults);
        // Both draws happen for every frame, so one link's settings never shift another's random sequence.
        boolean drop = random.nextDouble() < c.dropProbability();
        long jitter = c.jitter().isZero() ? 0 : (long) (random.nextDouble() * c.jitter().toNanos());
        if (drop || separated(from, to)) {
            frame.release();
            return true; // lost on the way, as on a real network
        }
        long due = clock.getAsLong() + c.delay().toNanos() + jitter;
        if (c.jitter().isZero()) {
            due = Math.max(due, lastDue.getOrDefault(link, Long.MIN_VALUE));
            lastDue.put(link, due);
        }
        queue.add(new InFlight(due, sequence++, from, to, frame));
        if (deliverer != null) {
            deliverer.schedule(this::deliverDue, Math.max(0, due - clock.getAsLong()), TimeUnit.NANOSECONDS);
        }
        return true;
    }

    synchronized boolean reachable(UuidAddress from, UuidAddress to) {
        return members.containsKey(from) && members.containsKey(to) && !from.equals(to)
                && !crashed.contains(from) && !crashed.contains(to);
    }

    synchronized Set<UuidAddress> connectedPeers(UuidAddress member) {
        Set<UuidAddress> peers = new HashSet<>();
        for (Link link : connected) {
            if (link.from().equals(member)) {
                peers.add(link.to());
            } else if (link.to().equals(member)) {
                peers.add(link.from());
            }
        }
        return Set.copyOf(peers);
    }

    synchronized UuidAddress memberAt(UuidAddress asking, InetSocketAddress physical) {
        for (InMemoryTransport t : members.values()) {
            if (t.physicalAddress().equals(physical) && reachable(asking, t.member()) && !separated(asking, t.member())) {
                return t.member();
            }
        }
        return null;
    }

    private synchronized List<UuidAddress> members() {
        return List.copyOf(members.keySet());
    }

    /** Hands {@code frame} to its receiver unless a crash or partition came in between; runs unlocked. */
    private void deliver(InFlight f) {
        InMemoryTransport receiver;
        InMemoryTransport sender;
        boolean newConnection;
        synchronized (this) {
            receiver = members.get(f.to());
            sender = members.get(f.from());
            if (!reachable(f.from(), f.to()) || separated(f.from(), f.to()) || !receiver.started()) {
                f.frame().release();
                return;
            }
            newConnection = connected.add(new Link(f.from(), f.to()).undirected());
        }
        if (newConnection) {
            if (sender.started()) {
                sender.report(listener -> listener.onPeerConnected(f.to()));
            }
            receiver.report(listener -> listener.onPeerConnected(f.from()));
        }
        receiver.report(listener -> listener.onFrame(f.from(), f.frame()));
    }

    private void disconnect(Link link, List<Runnable> events) {
        connected.remove(link);
        notifyDisconnected(link.from(), link.to(), events);
        notifyDisconnected(link.to(), link.from(), events);
    }

    private void notifyDisconnected(UuidAddress at, UuidAddress peer, List<Runnable> events) {
        InMemoryTransport transport = members.get(at);
        if (transport.started() && !crashed.contains(at)) {
            events.add(() -> transport.report(listener -> listener.onPeerDisconnected(peer)));
        }
    }

    private boolean separated(UuidAddress a, UuidAddress b) {
        return partition.size() == 2
                && (partition.get(0).contains(a) && partition.get(1).contains(b)
                || partition.get(1).contains(a) && partition.get(0).contains(b));
    }

    private static InetSocketAddress fakeAddress(int n) {
        try {
            // 10.77.x.y: a literal, so no name lookup ever happens.
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 77, (byte) (n >> 8), (byte) n}), 7800);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
