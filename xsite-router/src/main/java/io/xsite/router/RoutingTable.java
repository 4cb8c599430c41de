package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.xsite.core.address.Address;
import io.xsite.core.gossip.GossipData;
import io.xsite.core.gossip.GossipFraming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is registered where: group to (address to {@link Registration}), and the open connections.
 * Implements registration, the hijack rule (DESIGN.md "Router registration conflicts"), UNREGISTER by
 * the holder only, and the removal of every registration of a closed connection with SUSPECT to the
 * rest of each group (gossip-router-protocol.md 1.6). Confined to the router's single event loop, which
 * also runs every client connection, so no state here needs a lock.
 */
final class RoutingTable {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingTable.class);

    private final EventLoop loop;
    private final RouterMetrics metrics;
    private final long takeoverAfterSilenceNanos;
    private final PendingFlushes flushes = new PendingFlushes();
    private final Map<String, Map<Address, Registration>> groups = new HashMap<>();
    private final Set<ClientConnection> connections = new HashSet<>();
    private boolean stopping;

    RoutingTable(EventLoop loop, RouterMetrics metrics, Duration takeoverAfterSilence) {
        this.loop = loop;
        this.metrics = metrics;
        this.takeoverAfterSilenceNanos = takeoverAfterSilence.toNanos();
        metrics.watchConnections(connections);
    }

    PendingFlushes flushes() {
        return flushes;
    }

    void onConnected(ClientConnection connection) {
        assert loop.inEventLoop();
        connections.add(connection);
    }

    int connectionCount() {
        assert loop.inEventLoop();
        return connections.size();
    }

    /** The members of {@code group}, or null if nobody is registered in it. */
    Map<Address, Registration> members(String group) {
        return groups.get(group);
    }

    /** Every group and its members; the caller must not modify them. */
    Map<String, Map<Address, Registration>> groups() {
        return groups;
    }

    /** REGISTER: adds {@code candidate}, unless another, recently active connection holds its address. */
    void register(Registration candidate) {
        assert loop.inEventLoop();
        ClientConnection from = candidate.connection();
        Registration held = lookup(candidate.group(), candidate.address());
        if (held != null && held.connection() != from) {
            long silentNanos = held.connection().silentNanos(System.nanoTime());
            if (silentNanos < takeoverAfterSilenceNanos) {
                metrics.dropped(DropReason.HIJACK);
                LOG.warn("refused REGISTER of {} in group {} from {}: held by {}, active {} ms ago",
                        candidate.label(), candidate.group(), from, held.connection(), silentNanos / 1_000_000);
                return;
            }
            LOG.info("{} takes over {} in group {} from {}, silent for {} ms", from, candidate.label(),
                    candidate.group(), held.connection(), silentNanos / 1_000_000);
            evict(held.connection(), held);
        }
        Map<Address, Registration> members = groups.computeIfAbsent(candidate.group(), this::newGroup);
        Registration previous = members.put(candidate.address(), candidate);
        if (previous != null) {
            from.registrations().remove(previous);
        }
        from.registrations().add(candidate);
        if (previous == null) {
            LOG.info("registered {} (phys {}) in group {} from {}", candidate.label(), candidate.physical(),
                    candidate.group(), from);
        }
    }

    /** UNREGISTER: removes the registration, if {@code from} holds it. No SUSPECT follows. */
    void unregister(ClientConnection from, String group, Address address) {
        assert loop.inEventLoop();
        Registration held = lookup(group, address);
        if (held == null || held.connection() != from) {
            metrics.dropped(DropReason.NOT_HOLDER);
            LOG.debug("ignored UNREGISTER of {} in group {} from {}: not its holder", address, group, from);
            return;
        }
        remove(held);
        from.registrations().remove(held);
        LOG.info("unregistered {} from group {} ({})", held.label(), group, from);
    }

    /**
     * The connection is gone (EOF, reset, expiry, slow receiver, bad input): removes all it held and
     * sends SUSPECT for each to the rest of its group. Idempotent.
     */
    void onClosed(ClientConnection connection) {
        assert loop.inEventLoop();
        evict(connection, null);
        flushes.flushAll();
    }

    /** Router shutdown: no SUSPECTs, every member is about to lose the router anyway. */
    void stop() {
        assert loop.inEventLoop();
        stopping = true;
        for (ClientConnection connection : new ArrayList<>(connections)) {
            connection.close("router stopping");
        }
    }

    /**
     * Sends {@code frame} to each of {@code members} except {@code skip}, as a retained slice each, so
     * no receiver copies it; takes ownership of {@code frame}. Receivers above their high water mark
     * miss it (counted).
     *
     * @return how many receivers it was queued for
     */
    int sendToGroup(Collection<Registration> members, Registration skip, ByteBuf frame) {
        int sent = 0;
        for (Registration member : members) {
            if (member == skip) {
                continue;
            }
            if (member.connection().send(frame.retainedSlice())) {
                sent++;
            } else {
                metrics.dropped(DropReason.SLOW_RECEIVER);
            }
        }
        frame.release();
        return sent;
    }

    /** Removes the registrations of {@code connection}, SUSPECTs all but {@code takenOver}, closes it. */
    private void evict(ClientConnection connection, Registration takenOver) {
        if (!connection.markClosed()) {
            return;
        }
        connections.remove(connection);
        if (takenOver != null) {
            connection.close("taken over");
        }
        List<Registration> held = new ArrayList<>(connection.registrations());
        connection.registrations().clear();
        for (Registration registration : held) {
            remove(registration);
            LOG.info("removed {} from group {}: connection {} {}", registration.label(), registration.group(),
                    connection, connection.closeReason());
        }
        if (stopping) {
            return;
        }
        for (Registration registration : held) {
            Map<Address, Registration> rest = groups.get(registration.group());
            if (registration != takenOver && rest != null) {
                ByteBuf suspect = GossipFraming.encodeFramed(
                        GossipData.suspect(registration.group(), registration.address()), ByteBufAllocator.DEFAULT);
                sendToGroup(rest.values(), null, suspect);
            }
        }
    }

    private Registration lookup(String group, Address address) {
        Map<Address, Registration> members = groups.get(group);
        return members == null ? null : members.get(address);
    }

    private void remove(Registration registration) {
        Map<Address, Registration> members = groups.get(registration.group());
        if (members != null && members.remove(registration.address(), registration) && members.isEmpty()) {
            groups.remove(registration.group());
            metrics.groupRemoved(registration.group());
        }
    }

    private Map<Address, Registration> newGroup(String group) {
        Map<Address, Registration> members = new HashMap<>();
        metrics.groupCreated(group, members);
        return members;
    }
}
