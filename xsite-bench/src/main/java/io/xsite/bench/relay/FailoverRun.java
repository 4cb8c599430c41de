package io.xsite.bench.relay;

import io.xsite.bench.BoundedPoll;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Site-master failover: a member of nyc that is not site master sends numbered messages to a member of
 * sfc at a fixed rate (a pair the throughput scenarios do not use); after {@code before} the harness crashes nyc's site master and waits until a
 * message sent after the crash is delivered (traffic flows again), lets the stream run {@code after}
 * longer, stops it and waits up to {@code drain} for everything sent. Leaves the system with one member
 * less, so it runs last.
 */
final class FailoverRun {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverRun.class);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

    private final int ratePerSecond;
    private final int payloadBytes;
    private final Duration before;
    private final Duration after;
    private final Duration drain;

    /**
     * @param ratePerSecond messages per second of the stream
     * @param payloadBytes  bytes per message
     * @param before        streaming before the crash
     * @param after         streaming after traffic flows again
     * @param drain         how long to wait for the last messages after the sender stopped
     */
    FailoverRun(int ratePerSecond, int payloadBytes, Duration before, Duration after, Duration drain) {
        if (ratePerSecond < 1 || before.isNegative() || after.isNegative()) {
            throw new IllegalArgumentException("need a positive rate and non-negative durations: " + ratePerSecond
                    + ", " + before + ", " + after);
        }
        this.ratePerSecond = ratePerSecond;
        this.payloadBytes = payloadBytes;
        this.before = before;
        this.after = after;
        this.drain = drain;
    }

    /** Runs the failover on {@code system}. */
    FailoverResult run(RelaySystem system) throws Exception {
        int sender = system.firstOrdinary(RelaySystem.NYC);
        int receiver = system.firstOrdinary(RelaySystem.SFC);
        int master = system.siteMaster(RelaySystem.NYC);
        StreamLedger ledger = new StreamLedger();
        int stream = BenchPayload.nextStream();
        system.deliverTo((to, bytes, offset) -> {
            if (to == receiver && BenchPayload.isData(bytes, offset, stream)) {
                ledger.record(BenchPayload.number(bytes, offset), System.nanoTime());
            }
        });
        try {
            SendingThread load = pacedSender(system, sender, receiver, stream);
            load.start();
            TimeUnit.NANOSECONDS.sleep(before.toNanos());
            system.crash(master);
            // The crash is complete when crash() returns (the member's sockets are closed); every number above
            // the one being sent now goes out after it.
            long crashedAt = System.nanoTime();
            long firstAfter = load.started() + 1;
            LOG.info("{}: crashed nyc's site master (member {}) with {} messages sent", system.system(), master,
                    firstAfter - 1);
            Optional<Duration> recovery = Optional.empty();
            try {
                BoundedPoll.until(RECOVERY_TIMEOUT, () -> ledger.firstArrivalFrom(firstAfter) != 0,
                        () -> "no message sent after the crash delivered");
                recovery = Optional.of(Duration.ofNanos(ledger.firstArrivalFrom(firstAfter) - crashedAt));
            } catch (TimeoutException e) {
                LOG.warn("{}: traffic did not flow again within {} of the crash", system.system(), RECOVERY_TIMEOUT);
            }
            TimeUnit.NANOSECONDS.sleep(after.toNanos());
            long sent = load.stop(drain);
            system.awaitSent(sender, drain);
            long lost = 0;
            try {
                BoundedPoll.until(drain, () -> ledger.distinct() >= sent,
                        () -> (sent - ledger.distinct()) + " of " + sent + " messages missing");
            } catch (TimeoutException e) {
                lost = ledger.missing(sent);
                LOG.warn("{}: {} of {} messages not delivered {} after the sender stopped", system.system(), lost,
                        sent, drain);
            }
            return new FailoverResult(system.system(), ratePerSecond, sent, recovery,
                    Duration.ofNanos(ledger.longestSilenceNanos()), lost, ledger.duplicates(), ledger.outOfOrder());
        } finally {
            system.deliverTo(Inbox.NONE);
        }
    }

    /** Sends numbered messages at the fixed rate; a send that blocks delays the following ones, which then catch up. */
    private SendingThread pacedSender(RelaySystem system, int from, int to, int stream) {
        long interval = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        long start = System.nanoTime();
        return new SendingThread("relay-bench-failover-" + system.system(), (sequence, running) -> {
            long due = start + (sequence - 1) * interval;
            for (long wait = due - System.nanoTime(); wait > 0 && running.getAsBoolean(); wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (!running.getAsBoolean()) {
                return false;
            }
            system.send(from, to, BenchPayload.of(BenchPayload.DATA, stream, sequence, payloadBytes));
            return true;
        });
    }
}
