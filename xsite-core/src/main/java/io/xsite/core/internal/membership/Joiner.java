package io.xsite.core.internal.membership;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorQuery;
import io.xsite.core.internal.membership.MembershipMessage.JoinRequest;
import io.xsite.core.membership.MemberOrder;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a view to join while this member is in none. A round runs discovery, asks every candidate
 * for its view, and when all answered (or the join timeout passed) joins the coordinator of the
 * largest view found (ties: the newest view id). When nobody is in a view, the smallest of the
 * member and the candidates that answered becomes coordinator of a view of its own and the others
 * join it in a later round, so members started together end in one view; a member that hears from
 * nobody for a join timeout starts alone. Confined to the member's executor.
 */
final class Joiner {
    private static final Logger LOG = LoggerFactory.getLogger(Joiner.class);

    private enum Phase { IDLE, DISCOVERING, QUERYING, JOINING, WAITING }

    private final UuidAddress self;
    private final MembershipOutput output;
    private final RandomGenerator random;
    private final String logName;
    private final Runnable startAlone;
    private final long joinNanos;
    private final long discoveryNanos;
    private final Set<UuidAddress> queried = new LinkedHashSet<>();
    /** Answers of this round; an empty Optional for a candidate that is in no view either. */
    private final Map<UuidAddress, Optional<View>> answers = new LinkedHashMap<>();
    /**
     * The members this join asked to admit it or that answered its queries, since {@link #start}: the
     * only ones whose view it may install as its first (a late answer of an earlier round included).
     */
    private final Set<UuidAddress> asked = new HashSet<>();
    private Phase phase = Phase.IDLE;
    private long startedAt;
    private long deadline;
    /** When unanswered candidates of the current round are asked again. */
    private long nextQuery;
    private UuidAddress target;

    Joiner(MembershipConfig config, UuidAddress self, MembershipOutput output, RandomGenerator random,
           String logName, Runnable startAlone) {
        this.self = self;
        this.output = output;
        this.random = random;
        this.logName = logName;
        this.startAlone = startAlone;
        this.joinNanos = config.joinTimeout().toNanos();
        this.discoveryNanos = config.discoveryInterval().toNanos();
    }

    /** Starts looking for a view. */
    void start(long now) {
        startedAt = now;
        asked.clear();
        discover(now);
    }

    /** Stops looking: this member is in a view now. */
    void stop() {
        phase = Phase.IDLE;
        queried.clear();
        answers.clear();
        asked.clear();
        target = null;
    }

    /** Whether this join asked {@code member} to admit it, or {@code member} answered one of its queries. */
    boolean asked(UuidAddress member) {
        return asked.contains(member);
    }

    void onDiscovered(Collection<UuidAddress> candidates, long now) {
        if (phase != Phase.DISCOVERING) {
            return;
        }
        queried.clear();
        answers.clear();
        candidates.stream().filter(c -> !c.equals(self)).forEach(queried::add);
        LOG.debug("[{}] discovery found {}", logName, Membership.names(List.copyOf(queried)));
        queried.forEach(c -> output.send(c, new CoordinatorQuery(true)));
        phase = Phase.QUERYING;
        deadline = now + joinNanos;
        nextQuery = now + retryNanos();
        if (queried.isEmpty()) {
            decide(now);
        }
    }

    void onAnswer(UuidAddress from, View view, long now) {
        if (phase != Phase.QUERYING || !queried.contains(from)) {
            return;
        }
        answers.put(from, Optional.ofNullable(view));
        asked.add(from);
        if (answers.size() == queried.size()) {
            decide(now);
        }
    }

    /** {@code from} cannot admit this member; try the coordinator it names, or start over. */
    void onRejection(UuidAddress from, UuidAddress coordinator, long now) {
        if (phase != Phase.JOINING || !from.equals(target)) {
            return;
        }
        if (coordinator != null && !coordinator.equals(self) && !coordinator.equals(from)) {
            join(coordinator, now, joinNanos);
        } else {
            waitForNextRound(now);
        }
    }

    void onTick(long now) {
        if (phase == Phase.QUERYING && now - deadline < 0 && now - nextQuery >= 0) {
            askAgain(now);
        }
        if (phase == Phase.IDLE || now - deadline < 0) {
            return;
        }
        switch (phase) {
            case DISCOVERING, QUERYING -> decide(now);
            case JOINING -> {
                LOG.debug("[{}] no answer from coordinator {}; discovering again", logName, Membership.name(target));
                discover(now);
            }
            case WAITING -> discover(now);
            default -> throw new IllegalStateException("[" + logName + "] joiner in phase " + phase);
        }
    }

    /**
     * Asks the candidates that have not answered yet once more: a query or an answer can be lost (a
     * router that has not taken this member's registration yet drops what is sent to it), and waiting out
     * the join timeout for it made a new site master's bridge member start a bridge of its own, which
     * then took a merge to join the others: seven seconds instead of two after a site master's crash.
     */
    private void askAgain(long now) {
        nextQuery = now + retryNanos();
        queried.stream().filter(c -> !answers.containsKey(c)).forEach(c -> output.send(c, new CoordinatorQuery(true)));
    }

    private void discover(long now) {
        phase = Phase.DISCOVERING;
        // Discovery that never answers must not stall the join: the deadline decides without it.
        deadline = now + joinNanos;
        output.discover();
    }

    private void decide(long now) {
        Optional<View> best = answers.values().stream().flatMap(Optional::stream)
                .filter(v -> !v.coordinator().equals(self))
                .max(Comparator.comparingInt(View::size).thenComparing(View::id));
        if (best.isPresent()) {
            UuidAddress coordinator = best.get().coordinator();
            join(coordinator, now, answers.containsKey(coordinator) ? joinNanos : retryNanos());
            return;
        }
        boolean smallest = answers.keySet().stream().allMatch(c -> MemberOrder.ORDER.compare(self, c) < 0);
        if (smallest && (!answers.isEmpty() || now - startedAt >= joinNanos)) {
            stop();
            startAlone.run();
        } else {
            waitForNextRound(now);
        }
    }

    /** Asks {@code coordinator} to admit this member; discovers again if no answer came within {@code waitNanos}. */
    private void join(UuidAddress coordinator, long now, long waitNanos) {
        LOG.debug("[{}] asking {} to join", logName, Membership.name(coordinator));
        phase = Phase.JOINING;
        target = coordinator;
        asked.add(coordinator);
        deadline = now + waitNanos;
        output.send(coordinator, new JoinRequest());
    }

    /**
     * How long an unanswered query waits before it is sent again, and a JOIN to a coordinator that
     * discovery did not find or that did not answer this round before the joiner looks again: that
     * coordinator may have crashed, with its members still to exclude it. They do so a verification after
     * suspecting it, and a full join timeout (longer than that by default) made the joiner wait for a dead
     * coordinator after the view had moved on. Asking again sooner costs a duplicate query or JOIN at
     * worst, which is answered like the first.
     */
    private long retryNanos() {
        return joinNanos / 4;
    }

    private void waitForNextRound(long now) {
        phase = Phase.WAITING;
        // Jitter keeps members that started together from querying each other in lockstep forever.
        deadline = now + discoveryNanos + random.nextLong(discoveryNanos / 2 + 1);
    }
}
