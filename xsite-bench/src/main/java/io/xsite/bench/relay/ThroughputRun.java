package io.xsite.bench.relay;

import io.xsite.bench.BoundedPoll;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-site unicast throughput: a member of nyc that is not site master sends numbered messages to a
 * member of sfc that is not site master as fast as the system takes them, through a warm-up and a
 * measured period; then the sender stops and the harness waits until everything sent arrived, and
 * checks order, duplicates and loss.
 *
 * <p>At most {@code window} messages are in flight: the receiver's delivery gives the sender a permit
 * back inside this JVM. Neither system bounds a cross-site stream by itself (xsite's cross-site send
 * completes once queued; JGroups' UFC credits did not hold back a sender to another site), and without
 * the bound the backlog of one stream filled the heap in a trial run.
 */
final class ThroughputRun {
    private static final Logger LOG = LoggerFactory.getLogger(ThroughputRun.class);

    private final Duration warmup;
    private final Duration measured;
    private final Duration drain;
    private final int window;

    /**
     * @param warmup   load before the measured period
     * @param measured the measured period
     * @param drain    how long to wait for the last messages after the sender stopped; also the longest a
     *                 sender waits for a permit before the stream counts as stalled
     * @param window   most messages sent and not yet delivered
     */
    ThroughputRun(Duration warmup, Duration measured, Duration drain, int window) {
        if (measured.isZero() || measured.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("need warmup >= 0 and measured > 0: " + warmup + ", " + measured);
        }
        this.warmup = warmup;
        this.measured = measured;
        this.drain = drain;
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.window = window;
    }

    /** Streams {@code payloadBytes} messages on {@code system}. */
    ThroughputResult run(RelaySystem system, int payloadBytes) throws Exception {
        int sender = system.lastOrdinary(RelaySystem.NYC);
        int receiver = system.lastOrdinary(RelaySystem.SFC);
        StreamLedger ledger = new StreamLedger();
        int stream = BenchPayload.nextStream();
        Semaphore inFlight = new Semaphore(window);
        system.deliverTo((to, bytes, offset) -> {
            if (to == receiver && BenchPayload.isData(bytes, offset, stream)
                    && ledger.record(BenchPayload.number(bytes, offset), System.nanoTime())) {
                inFlight.release();
            }
        });
        try {
            SendingThread load = sender(system, sender, receiver, stream, payloadBytes, inFlight);
            load.start();
            // Sleeping is the point: the sender runs on its own thread while this one keeps time.
            TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
            long before = ledger.distinct();
            long cpuBefore = ProcessCpu.nanos();
            long start = System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(measured.toNanos());
            long end = System.nanoTime();
            long cpu = ProcessCpu.nanos() - cpuBefore;
            long after = ledger.distinct();
            long sent = load.stop(drain);
            system.awaitSent(sender, drain);
            long lost = 0;
            try {
                BoundedPoll.until(drain, () -> ledger.distinct() >= sent,
                        () -> (sent - ledger.distinct()) + " of " + sent + " messages missing");
            } catch (TimeoutException e) {
                lost = ledger.missing(sent);
                LOG.warn("{} {} B: {} of {} messages not delivered {} after the sender stopped", system.system(),
                        payloadBytes, lost, sent, drain);
            }
            return new ThroughputResult(system.system(), payloadBytes, sent, after - before, Duration.ofNanos(end - start),
                    cpu, ledger.outOfOrder(), ledger.duplicates(), lost);
        } finally {
            system.deliverTo(Inbox.NONE);
        }
    }

    /** Sends numbered messages as fast as the in-flight permits allow; fails when none comes back for a drain time. */
    private SendingThread sender(RelaySystem system, int from, int to, int stream, int payloadBytes, Semaphore inFlight) {
        return new SendingThread("relay-bench-" + system.system() + "-" + payloadBytes, (sequence, running) -> {
            if (!inFlight.tryAcquire(drain.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("stalled: " + window + " messages in flight and none delivered"
                        + " for " + drain + " (" + (sequence - 1) + " sent)");
            }
            system.send(from, to, BenchPayload.of(BenchPayload.DATA, stream, sequence, payloadBytes));
            return true;
        });
    }
}
