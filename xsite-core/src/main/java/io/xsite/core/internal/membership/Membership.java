package io.xsite.core.internal.membership;

import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorAnswer;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorQuery;
import io.xsite.core.internal.membership.MembershipMessage.Heartbeat;
import io.xsite.core.internal.membership.MembershipMessage.JoinRejection;
import io.xsite.core.internal.membership.MembershipMessage.JoinRequest;
import io.xsite.core.internal.membership.MembershipMessage.JoinResponse;
import io.xsite.core.internal.membership.MembershipMessage.LeaveRequest;
import io.xsite.core.internal.membership.MembershipMessage.MergeRequest;
import io.xsite.core.internal.membership.MembershipMessage.MergeResponse;
import io.xsite.core.internal.membership.MembershipMessage.VerifyRequest;
import io.xsite.core.internal.membership.MembershipMessage.VerifyResponse;
import io.xsite.core.internal.membership.MembershipMessage.ViewAck;
import io.xsite.core.internal.membership.MembershipMessage.ViewAnnouncement;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewDiff;
import io.xsite.core.membership.ViewId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The membership of one member: joining a view, following the views its coordinator installs,
 * detecting failures, and, while it is the coordinator (the first member of its view that is not
 * verified dead), admitting joiners, removing leavers and the dead, and merging views after a
 * partition heals. Views only move forward: a member installs only views newer than its own.
 *
 * <p>Confined to the member's executor: every method is called there, nothing here blocks, keeps a
 * thread or reads the wall clock; time comes from the injected nanosecond clock and periodic work
 * happens in {@link #onTick()}, which the member calls every tick (50-100 ms). What it decides goes
 * out through {@link MembershipOutput}.
 */
public final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

    private enum State { NEW, JOINING, MEMBER, LEAVING, LEFT }

    private final UuidAddress self;
    private final MembershipOutput output;
    private final LongSupplier nanoClock;
    private final String logName;
    private final long heartbeatNanos;
    private final long leaveNanos;
    private final FailureDetector detector;
    private final Joiner joiner;
    private final ViewAnnouncer announcer;
    private final Merger merger;
    private final BadInputWarnings warnings = new BadInputWarnings(LOG, WARNING_INTERVAL);
    private State state = State.NEW;
    private View view;
    private long lastSequence;
    private long leaveDeadline;
    private long nextLeaveRequest;
    /** Leaving as coordinator: done once the others acknowledged the view without this member. */
    private boolean handingOver;
    /** When this member may next ask its coordinator to confirm a view that came from outside its view. */
    private long nextConfirmation;

    /**
     * Creates the membership of {@code self}; nothing happens before {@link #start()}.
     *
     * @param config    timeouts
     * @param cluster   the cluster name, for logs (frames of other clusters never get here)
     * @param self      this member's address
     * @param output    where messages, views and requests for discovery go
     * @param nanoClock the time in nanoseconds, as {@link System#nanoTime()} gives it
     * @param random    jitter of discovery rounds; seeded in tests
     */
    public Membership(MembershipConfig config, String cluster, UuidAddress self, MembershipOutput output,
                      LongSupplier nanoClock, RandomGenerator random) {
        Objects.requireNonNull(config, "config");
        this.self = Objects.requireNonNull(self, "self");
        this.output = Objects.requireNonNull(output, "output");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.logName = Objects.requireNonNull(cluster, "cluster") + "/" + name(self);
        this.heartbeatNanos = config.heartbeatInterval().toNanos();
        this.leaveNanos = config.leaveTimeout().toNanos();
        this.detector = new FailureDetector(config, output, logName);
        this.joiner = new Joiner(config, self, output, Objects.requireNonNull(random, "random"), logName,
                this::startAlone);
        this.announcer = new ViewAnnouncer(config, self, output);
        this.merger = new Merger(config, self, output, logName);
    }

    /** Starts looking for a view to join: asks the output for discovery. */
    public void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("[" + logName + "] membership already started: " + state);
        }
        nextConfirmation = nanoClock.getAsLong();
        rejoin();
    }

    /** The members discovery found (this member may be among them). */
    public void onDiscovered(Collection<UuidAddress> candidates) {
        if (state == State.JOINING) {
            joiner.onDiscovered(candidates, nanoClock.getAsLong());
        } else if (coordinating()) {
            merger.onDiscovered(candidates);
        }
    }

    /** One decoded membership message from {@code from}; it counts as liveness too. */
    public void onMessage(UuidAddress from, MembershipMessage message) {
        if (state == State.LEFT || state == State.NEW) {
            return;
        }
        long now = nanoClock.getAsLong();
        detector.onHeard(from);
        if (message instanceof CoordinatorQuery m) {
            if (m.joining() && view != null && view.contains(from)) {
                // Its frames keep it from looking silent, yet it is no longer in our view.
                detector.suspect(from, now, "it is joining again");
            }
            output.send(from, new CoordinatorAnswer(view));
        } else if (message instanceof CoordinatorAnswer m) {
            onCoordinatorAnswer(from, m.view(), now);
        } else if (message instanceof JoinRequest) {
            onJoinRequest(from);
        } else if (message instanceof JoinResponse m) {
            onView(from, m.view(), now);
        } else if (message instanceof JoinRejection m) {
            if (state == State.JOINING) {
                joiner.onRejection(from, m.coordinator(), now);
            }
        } else if (message instanceof ViewAnnouncement m) {
            onView(from, m.view(), now);
        } else if (message instanceof ViewAck m) {
            announcer.onAck(from, m.viewId());
        } else if (message instanceof LeaveRequest) {
            onLeaveRequest(from);
        } else if (message instanceof Heartbeat) {
            onHeartbeat(from, now);
        } else if (message instanceof VerifyRequest) {
            // Only a member of our view gets an answer: one that is not must not keep us in its view.
            if (view != null && view.contains(from)) {
                output.send(from, new VerifyResponse());
            }
        } else if (message instanceof VerifyResponse) {
            detector.onAlive(from, now);
        } else if (message instanceof MergeRequest) {
            if (coordinating()) {
                merger.onMergeRequest(from, view, announcer.busy(now, detector::isSuspected), now);
            } else {
                output.send(from, new MergeResponse(null));
            }
        } else if (message instanceof MergeResponse m) {
            merger.onMergeResponse(from, m.view());
        }
    }

    /**
     * The connection to {@code peer} was lost: suspect it (verified before anything is decided). A leaving
     * member does not: the others close their connections to it as they install the view without it, and
     * what it waits for ends by itself (the view without it, the acknowledgements, or the leave timeout).
     */
    public void onPeerDisconnected(UuidAddress peer) {
        if (state == State.MEMBER) {
            detector.suspect(peer, nanoClock.getAsLong(), "connection lost");
        }
    }

    /**
     * A dial to {@code peer} was refused: nothing listens at its address. A suspected member whose check met a
     * refusal is verified dead at once (a slow member's port still accepts connections); an unsuspected one is
     * suspected, and its check decides.
     */
    public void onPeerRefused(UuidAddress peer) {
        if (state == State.MEMBER || state == State.LEAVING) {
            detector.onRefused(peer, nanoClock.getAsLong());
        }
    }

    /** Any frame from {@code peer} arrived: it is not silent. */
    public void onPeerHeard(UuidAddress peer) {
        detector.onHeard(peer);
    }

    /** Periodic work: joining, heartbeats, suspicion, retransmission, new views and merges. */
    public void onTick() {
        long now = nanoClock.getAsLong();
        switch (state) {
            case JOINING -> joiner.onTick(now);
            case MEMBER -> {
                detector.onTick(now);
                if (coordinating()) {
                    coordinate(now);
                }
            }
            case LEAVING -> onLeavingTick(now);
            default -> {
                // NEW and LEFT have no periodic work.
            }
        }
    }

    /**
     * Leaves gracefully: a member asks the coordinator to install a view without it; the coordinator
     * installs that view itself, handing the role to the next member. {@link MembershipOutput#left()}
     * follows when the view is out, or after the leave timeout.
     */
    public void leave() {
        long now = nanoClock.getAsLong();
        if (state == State.LEFT || state == State.LEAVING) {
            return;
        }
        if (state != State.MEMBER || view.size() == 1) {
            finishLeave();
            return;
        }
        handingOver = coordinating();
        state = State.LEAVING;
        leaveDeadline = now + leaveNanos;
        if (handingOver) {
            List<UuidAddress> rest = view.members().stream().filter(m -> !m.equals(self)).toList();
            View without = new View(view.id().next(self), rest);
            LOG.info("[{}] leaving: handing over to {} with view {}", logName, name(without.coordinator()),
                    without.id().sequence());
            announcer.announce(without, null, now);
        } else {
            LOG.info("[{}] leaving: asking coordinator {}", logName, name(view.coordinator()));
            nextLeaveRequest = now;
            onLeavingTick(now);
        }
    }

    /** The installed view; {@code null} before the first join and while rejoining after an exclusion. */
    public View view() {
        return view;
    }

    private boolean coordinating() {
        return state == State.MEMBER && self.equals(actingCoordinator());
    }

    /** The first member of the view not verified dead: the one that coordinates it now; null if none. */
    private UuidAddress actingCoordinator() {
        for (UuidAddress member : view.members()) {
            if (!detector.dead().contains(member)) {
                return member;
            }
        }
        return null;
    }

    private void coordinate(long now) {
        announcer.onTick(now);
        merger.onTick(view, now);
        boolean busy = announcer.busy(now, detector::isSuspected);
        View next = merger.mergedView(view, detector.dead(), now);
        if (next == null && !busy && !merger.frozen(now)) {
            next = announcer.nextView(view, detector.dead());
        }
        if (next != null) {
            View previous = view;
            install(next, now);
            announcer.announce(next, previous, now);
        }
    }

    private void onCoordinatorAnswer(UuidAddress from, View answered, long now) {
        if (state == State.JOINING) {
            joiner.onAnswer(from, answered, now);
        } else if (coordinating()) {
            merger.onAnswer(from, answered, view, announcer.busy(now, detector::isSuspected), now);
        } else if (state == State.MEMBER && answered != null && answered.contains(self) && view.contains(from)
                && answered.id().isNewerThan(view.id())) {
            // The confirmation asked for in onView: a member of our view has the newer view, so it stands.
            onView(from, answered, now);
        }
    }

    private void onJoinRequest(UuidAddress from) {
        if (!coordinating()) {
            UuidAddress hint = state == State.MEMBER ? view.coordinator() : null;
            output.send(from, new JoinRejection(hint));
        } else if (view.contains(from)) {
            // Its JoinResponse was lost: the current view is its answer.
            output.send(from, new JoinResponse(view));
        } else {
            LOG.debug("[{}] join request from {}", logName, from);
            announcer.addJoiner(from);
        }
    }

    private void onLeaveRequest(UuidAddress from) {
        if (!coordinating()) {
            return;
        }
        if (view.contains(from)) {
            announcer.addLeaver(from);
        } else if (!announcer.departing(from)) {
            // Already out (its copy of the view without it was lost): show it again.
            output.send(from, new ViewAnnouncement(view));
        }
    }

    private void onHeartbeat(UuidAddress from, long now) {
        if (view != null && view.contains(from)) {
            detector.onAlive(from, now);
        } else if (coordinating() && !announcer.departing(from)) {
            // It still counts us in its view but was excluded: our view tells it to rejoin.
            output.send(from, new ViewAnnouncement(view));
        }
    }

    /**
     * A view from {@code from}, installed only when it may change this member's view (see "Membership: who
     * may change a view" in docs/design.md): a joiner takes its first view from a member it asked; a
     * member takes views from the members of its view, and a coordinator the merged view from the leader
     * of a merge it agreed to, which it then passes on to the members of its view.
     */
    private void onView(UuidAddress from, View announced, long now) {
        boolean merged = state == State.MEMBER && !view.contains(from) && merger.agreedTo(from, now);
        if (!merged && !mayChangeView(from, announced, now)) {
            return;
        }
        acknowledge(from, announced.id());
        if (announced.contains(self)) {
            // Any view admits a member that is in none; otherwise views only move forward.
            if ((state == State.JOINING && view == null) || (view != null && announced.id().isNewerThan(view.id()))) {
                View previous = view;
                install(announced, now);
                if (merged) {
                    // Our members take views only from members of their view: we are theirs.
                    previous.members().stream().filter(m -> !m.equals(self))
                            .forEach(m -> output.send(m, new ViewAnnouncement(announced)));
                }
            }
            return;
        }
        boolean newer = view != null && announced.id().isNewerThan(view.id());
        if (state == State.LEAVING && newer) {
            finishLeave();
        } else if (state == State.MEMBER && newer && view.contains(from)
                && (from.equals(announced.coordinator()) || from.equals(announced.id().creator()))) {
            LOG.info("[{}] excluded by {} in view {}; rejoining", logName, name(from), announced.id().sequence());
            rejoin();
        }
    }

    /**
     * Whether {@code from} may change this member's view; counts and logs a view that is dropped. A view
     * from outside that names our coordinator may be a merge the coordinator agreed to: the coordinator
     * is asked for its view (at most once per heartbeat interval) and its answer decides.
     */
    private boolean mayChangeView(UuidAddress from, View announced, long now) {
        if (state == State.JOINING) {
            if (joiner.asked(from)) {
                return true;
            }
            drop(from, announced, MembershipDrop.VIEW_NOT_ASKED_FOR);
            return false;
        }
        if (view.contains(from)) {
            return true;
        }
        UuidAddress coordinator = actingCoordinator();
        if (state == State.MEMBER && coordinator != null && !coordinator.equals(self) && announced.contains(self)
                && announced.contains(coordinator) && announced.id().isNewerThan(view.id())) {
            output.dropped(from, MembershipDrop.VIEW_UNCONFIRMED);
            LOG.debug("[{}] view {} from {}, outside our view: asking coordinator {} for its view", logName,
                    announced.id(), from, name(coordinator));
            if (now - nextConfirmation >= 0) {
                nextConfirmation = now + heartbeatNanos;
                output.send(coordinator, new CoordinatorQuery(false));
            }
            return false;
        }
        drop(from, announced, MembershipDrop.VIEW_FROM_NON_MEMBER);
        return false;
    }

    private void drop(UuidAddress from, View announced, MembershipDrop reason) {
        output.dropped(from, reason);
        warnings.report(reason.label(), "[{}] dropped {} from {} ({}): {}", logName, announced.id(), from,
                reason.label(), view == null ? "joining" : "not a member of view " + view.id());
    }

    /**
     * Acknowledges {@code id} to the member that sent it and to its creator when another member passed
     * it on: the creator of a merged view waits for every member's acknowledgement.
     */
    private void acknowledge(UuidAddress from, ViewId id) {
        output.send(from, new ViewAck(id));
        UuidAddress creator = id.creator();
        if (!creator.equals(from) && !creator.equals(self)) {
            output.send(creator, new ViewAck(id));
        }
    }

    private void install(View next, long now) {
        View previous = view;
        boolean wasCoordinating = coordinating();
        view = next;
        lastSequence = Math.max(lastSequence, next.id().sequence());
        if (state == State.JOINING) {
            state = State.MEMBER;
            joiner.stop();
        }
        detector.follow(next, self, now);
        ViewDiff diff = next.diff(previous);
        LOG.info("[{}] view {} installed ({} members, coordinator {}): joined {}, left {}", logName,
                next.id().sequence(), next.size(), name(next.coordinator()), names(diff.joined()),
                names(diff.left()));
        if (coordinating()) {
            if (!wasCoordinating) {
                LOG.info("[{}] became coordinator of view {}", logName, next.id().sequence());
            }
            merger.onCoordinating(next, now);
        } else {
            announcer.clear();
        }
        output.installView(next);
    }

    private void startAlone() {
        install(new View(new ViewId(self, Math.addExact(lastSequence, 1)), List.of(self)), nanoClock.getAsLong());
    }

    private void rejoin() {
        state = State.JOINING;
        view = null;
        detector.clear();
        announcer.clear();
        joiner.start(nanoClock.getAsLong());
    }

    private void onLeavingTick(long now) {
        if (now - leaveDeadline >= 0) {
            LOG.info("[{}] leave timed out; leaving anyway", logName);
            finishLeave();
            return;
        }
        if (handingOver) {
            announcer.onTick(now);
            if (!announcer.busy(now, detector::isSuspected)) {
                finishLeave();
            }
            return;
        }
        detector.onTick(now);
        if (now - nextLeaveRequest >= 0) {
            nextLeaveRequest = now + heartbeatNanos;
            output.send(view.coordinator(), new LeaveRequest());
        }
    }

    private void finishLeave() {
        LOG.info("[{}] left", logName);
        state = State.LEFT;
        announcer.clear();
        detector.clear();
        output.left();
    }

    /** How logs name a member: its logical name when it has one. */
    static String name(UuidAddress member) {
        return member.name() != null ? member.name() : member.toString();
    }

    static List<String> names(List<UuidAddress> members) {
        return members.stream().map(Membership::name).toList();
    }
}
