package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.Address;
import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is registered where: group to (address to {@link Registration}), the open connections, and the
 * addresses recently held by connections that closed. Admits connections within the connection limits;
 * implements registration with its rules (design.md "Router: who may use an address": the policy, the
 * per-connection limit, an address belongs to the identity that registered it), refusals told to the
 * client, UNREGISTER by the holder only, and the removal of every registration of a closed connection
 * with SUSPECT to the rest of each group (gossip-router-protocol.md 1.6).
 *
 * <p>Threads (design.md "Router: event loops, no copies"): every event loop of the router forwards, reading
 * the groups without a lock: they are concurrent maps, changed only by registrations, which are rare. What
 * changes them (admission, REGISTER, UNREGISTER, a close) takes this table's lock, so the rules above see one
 * consistent table; each runs on the loop of the connection whose frame or close caused it, so a connection's
 * later frames see what its REGISTER did. SUSPECTs for a closed connection's addresses are written from that
 * connection's loop, after every frame it forwarded.
 */
final class RoutingTable {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingTable.class);
    /**
     * Addresses of closed connections remembered at most: each lives only takeoverAfterSilence, and when
     * connections churn faster than that, the oldest are forgotten (their addresses are free sooner).
     */
    static final int MAX_RESERVATIONS = 1 << 16;

    private final RouterMetrics metrics;
    private final RouterConfig config;
    private final RegistrationPolicy policy;
    private final BadInputWarnings warnings;
    private final long takeoverAfterSilenceNanos;
    /** Group to members; both levels concurrent maps, read by every loop, changed under the lock. */
    private final Map<String, Map<Address, Registration>> groups = new ConcurrentHashMap<>();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConnectionCounts counts;
    /** Addresses whose connection closed, in the order it closed, kept for their identity a while. */
    private final LinkedHashMap<GroupAddress, Reservation> reservations = new LinkedHashMap<>();
    private volatile boolean stopping;

    RoutingTable(RouterMetrics metrics, RouterConfig config, RegistrationPolicy policy, BadInputWarnings warnings) {
        this.metrics = metrics;
        this.config = config;
        this.policy = policy;
        this.warnings = warnings;
        this.takeoverAfterSilenceNanos = config.takeoverAfterSilence().toNanos();
        this.counts = new ConnectionCounts(config);
        metrics.watchConnections(connections);
    }

    /**
     * A new connection, its identity set: admits it, or names the limit it is over (the caller closes it;
     * it was never admitted, so its close changes nothing here).
     */
    synchronized ConnectionRefusal admit(ClientConnection connection) {
        ConnectionRefusal refusal = counts.admit(connection.sourceAddress());
        if (refusal == null) {
            connections.add(connection);
        }
        return refusal;
    }

    int connectionCount() {
        return connections.size();
    }

    /** The members of {@code group}, or null if nobody is registered in it; read-only, on any thread. */
    Map<Address, Registration> members(String group) {
        return groups.get(group);
    }

    /** Every group and its members, read-only, on any thread (a registration may come or go meanwhile). */
    Map<String, Map<Address, Registration>> groups() {
        return groups;
    }

    /**
     * REGISTER: adds {@code candidate} unless the policy, the per-connection limit or the address's holder
     * refuses it; a refused connection is sent SUSPECT of that address and closed.
     */
    synchronized void register(Registration candidate) {
        ClientConnection from = candidate.connection();
        RegistrationPolicy.Decision decision = policy.check(from.identity(), candidate.group(), candidate.address());
        if (!decision.allowed()) {
            refuse(candidate, RegistrationRefusal.POLICY, decision.reason());
            return;
        }
        Registration held = lookup(candidate.group(), candidate.address());
        if ((held == null || held.connection() != from)
                && from.registrations().size() >= config.maxRegistrationsPerConnection()) {
            refuse(candidate, RegistrationRefusal.MAX_REGISTRATIONS, "the connection holds "
                    + from.registrations().size() + " addresses");
            return;
        }
        if (held != null && held.connection() != from) {
            if (!mayTakeOver(candidate, held)) {
                return;
            }
        } else if (held == null && !mayClaimReserved(candidate)) {
            return;
        }
        Map<Address, Registration> members = groups.computeIfAbsent(candidate.group(), this::newGroup);
        Registration previous = members.put(candidate.address(), candidate);
        if (previous != null) {
            from.registrations().remove(previous);
        }
        from.registrations().add(candidate);
        from.onRegistered();
        if (previous == null && LOG.isDebugEnabled()) {
            LOG.debug("registered {} (phys {}) in group {} from {}", LogText.clip(candidate.label()),
                    candidate.physical(), LogText.clip(candidate.group()), from);
        }
    }

    /**
     * The same identity takes an address over at once, another one only from a holder silent for
     * takeoverAfterSilence; closes the holder when it may (its other addresses are SUSPECTed).
     */
    private boolean mayTakeOver(Registration candidate, Registration held) {
        ClientConnection holder = held.connection();
        long silentNanos = holder.silentNanos(System.nanoTime());
        boolean sameIdentity = holder.identity().equals(candidate.connection().identity());
        if (!sameIdentity && silentNanos < takeoverAfterSilenceNanos) {
            refuse(candidate, RegistrationRefusal.HELD, "held by " + holder + " (" + holder.identity()
                    + "), active " + silentNanos / 1_000_000 + " ms ago");
            return false;
        }
        LOG.debug("{} takes over {} in group {} from {} ({}), silent for {} ms", candidate.connection(),
                LogText.clip(candidate.label()), LogText.clip(candidate.group()), holder,
                sameIdentity ? "same identity" : "another identity", silentNanos / 1_000_000);
        evict(holder, held);
        return true;
    }

    /** An address whose connection closed stays its identity's until that was silent for takeoverAfterSilence. */
    private boolean mayClaimReserved(Registration candidate) {
        GroupAddress key = new GroupAddress(candidate.group(), candidate.address());
        Reservation reservation = reservations.get(key);
        if (reservation == null) {
            return true;
        }
        long silentNanos = System.nanoTime() - reservation.lastHeardNanos();
        if (!reservation.identity().equals(candidate.connection().identity())
                && silentNanos < takeoverAfterSilenceNanos) {
            refuse(candidate, RegistrationRefusal.HELD, "left by " + reservation.identity() + " "
                    + silentNanos / 1_000_000 + " ms ago");
            return false;
        }
        reservations.remove(key);
        return true;
    }

    /** Counts and logs the refusal, then sends the client SUSPECT of the address it asked for and closes it. */
    private void refuse(Registration candidate, RegistrationRefusal reason, String detail) {
        ClientConnection from = candidate.connection();
        metrics.registrationRefused(reason);
        warnings.report("refused_" + reason.tag(), "refused REGISTER of {} in group {} from {} ({}), {}: {};"
                        + " sending it SUSPECT of that address and closing it", LogText.clip(candidate.label()),
                LogText.clip(candidate.group()), from, from.identity(), reason.tag(), detail);
        // The protocol has no negative acknowledgement: a SUSPECT of the client's own address is the signal.
        from.closeAfter(GossipFraming.encodeFramed(GossipData.suspect(candidate.group(), candidate.address()),
                from.channel().alloc()), "refused REGISTER (" + reason.tag() + ")");
    }

    /** UNREGISTER: removes the registration, if {@code from} holds it. No SUSPECT follows. */
    synchronized void unregister(ClientConnection from, String group, Address address) {
        Registration held = lookup(group, address);
        if (held == null || held.connection() != from) {
            metrics.dropped(DropReason.NOT_HOLDER);
            LOG.debug("ignored UNREGISTER of {} in group {} from {}: not its holder", LogText.clip(address),
                    LogText.clip(group), from);
            return;
        }
        remove(held);
        from.registrations().remove(held);
        LOG.debug("unregistered {} from group {} ({})", LogText.clip(held.label()), LogText.clip(group), from);
    }

    /**
     * The connection is gone (EOF, reset, expiry, slow receiver, bad input, refusal): removes all it held
     * and sends SUSPECT for each to the rest of its group. Idempotent; nothing for a connection never admitted.
     * On the connection's own loop.
     */
    synchronized void onClosed(ClientConnection connection) {
        evict(connection, null);
    }

    /** Router shutdown: no SUSPECTs, every member is about to lose the router anyway. */
    synchronized void stop() {
        stopping = true;
        for (ClientConnection connection : connections) {
            connection.close("router stopping");
        }
    }

    /**
     * Sends {@code frame} to each of {@code members} except {@code skip}, as a retained slice each, so
     * no receiver copies it; takes ownership of {@code frame}. Receivers above their high water mark
     * miss it (counted). {@code flushes} are the calling loop's.
     *
     * @return how many receivers it was queued for
     */
    int sendToGroup(Collection<Registration> members, Registration skip, ByteBuf frame, PendingFlushes flushes) {
        int sent = 0;
        for (Registration member : members) {
            if (member == skip) {
                continue;
            }
            if (member.connection().send(frame.retainedSlice(), flushes)) {
                sent++;
            } else {
                metrics.dropped(DropReason.SLOW_RECEIVER);
            }
        }
        frame.release();
        return sent;
    }

    /**
     * Removes the registrations of {@code connection}, keeps them reserved for its identity, SUSPECTs all
     * but {@code takenOver} (on the connection's loop), closes it. Under the lock.
     */
    private void evict(ClientConnection connection, Registration takenOver) {
        if (!connection.markClosed()) {
            return;
        }
        if (connections.remove(connection)) {
            counts.release(connection.sourceAddress());
        }
        if (takenOver != null) {
            connection.close("taken over");
        }
        List<Registration> held = new ArrayList<>(connection.registrations());
        connection.registrations().clear();
        for (Registration registration : held) {
            remove(registration);
            if (registration != takenOver) {
                reserve(registration);
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("removed {} from group {}: connection {} {}", LogText.clip(registration.label()),
                        LogText.clip(registration.group()), connection, connection.closeReason());
            }
        }
        held.remove(takenOver);
        if (stopping || held.isEmpty()) {
            return;
        }
        // From the closed connection's loop, so that each SUSPECT follows every frame the connection forwarded.
        EventLoop loop = connection.channel().eventLoop();
        if (loop.inEventLoop()) {
            suspect(held, connection.flushes());
        } else {
            loop.execute(() -> suspect(held, connection.flushes()));
        }
    }

    /** Sends SUSPECT of each of {@code gone} to the rest of its group; on the loop {@code flushes} belong to. */
    private void suspect(List<Registration> gone, PendingFlushes flushes) {
        for (Registration registration : gone) {
            Map<Address, Registration> rest = groups.get(registration.group());
            if (rest != null && !stopping) {
                ByteBuf suspect = GossipFraming.encodeFramed(
                        GossipData.suspect(registration.group(), registration.address()), ByteBufAllocator.DEFAULT);
                sendToGroup(rest.values(), null, suspect, flushes);
            }
        }
        flushes.flushAll();
    }

    private void reserve(Registration registration) {
        long now = System.nanoTime();
        Iterator<Reservation> oldest = reservations.values().iterator();
        while (oldest.hasNext()) {
            Reservation next = oldest.next();
            if (reservations.size() < MAX_RESERVATIONS && now - next.lastHeardNanos() < takeoverAfterSilenceNanos) {
                break;
            }
            oldest.remove();
        }
        GroupAddress key = new GroupAddress(registration.group(), registration.address());
        reservations.remove(key);
        reservations.put(key, new Reservation(registration.connection().identity(),
                registration.connection().lastHeardNanos()));
    }

    private Registration lookup(String group, Address address) {
        Map<Address, Registration> members = groups.get(group);
        return members == null ? null : members.get(address);
    }

    private void remove(Registration registration) {
        Map<Address, Registration> members = groups.get(registration.group());
        if (members != null && members.remove(registration.address(), registration) && members.isEmpty()) {
            groups.remove(registration.group(), members);
            metrics.groupRemoved(registration.group(), members);
        }
    }

    private Map<Address, Registration> newGroup(String group) {
        Map<Address, Registration> members = new ConcurrentHashMap<>();
        metrics.groupCreated(group, members);
        return members;
    }

    /** The key of a reservation. */
    private record GroupAddress(String group, Address address) {
    }

    /**
     * An address whose connection closed.
     *
     * @param identity       the identity that held it
     * @param lastHeardNanos when that connection last sent anything
     */
    private record Reservation(ClientIdentity identity, long lastHeardNanos) {
    }
}
