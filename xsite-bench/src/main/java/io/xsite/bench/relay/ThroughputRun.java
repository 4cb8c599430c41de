package io.xsite.bench.relay;

import io.xsite.bench.BoundedPoll;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-site unicast throughput: a member of nyc that is not site master sends numbered messages to a
 * member of sfc that is not site master as fast as the system takes them (sends block under
 * backpressure), through a warm-up and a measured period; then the sender stops and the harness waits
 * until everything sent arrived, and checks order, duplicates and loss.
 */
final class ThroughputRun {
    private static final Logger LOG = LoggerFactory.getLogger(ThroughputRun.class);

    private final Duration warmup;
    private final Duration measured;
    private final Duration drain;

    /**
     * @param warmup   load before the measured period
     * @param measured the measured period
     * @param drain    how long to wait for the last messages after the sender stopped
     */
    ThroughputRun(Duration warmup, Duration measured, Duration drain) {
        if (measured.isZero() || measured.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("need warmup >= 0 and measured > 0: " + warmup + ", " + measured);
        }
        this.warmup = warmup;
        this.measured = measured;
        this.drain = drain;
    }

    /** Streams {@code payloadBytes} messages on {@code system}. */
    ThroughputResult run(RelaySystem system, int payloadBytes) throws Exception {
        int sender = system.lastOrdinary(RelaySystem.NYC);
        int receiver = system.lastOrdinary(RelaySystem.SFC);
        StreamLedger ledger = new StreamLedger();
        int stream = BenchPayload.nextStream();
        system.deliverTo((to, bytes, offset) -> {
            if (to == receiver && BenchPayload.isData(bytes, offset, stream)) {
                ledger.record(BenchPayload.number(bytes, offset), System.nanoTime());
            }
        });
        try {
            Sender load = new Sender(system, sender, receiver, stream, payloadBytes);
            load.start();
            // Sleeping is the point: the sender runs on its own thread while this one keeps time.
            TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
            long before = ledger.distinct();
            long start = System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(measured.toNanos());
            long end = System.nanoTime();
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
                    ledger.outOfOrder(), ledger.duplicates(), lost);
        } finally {
            system.deliverTo(Inbox.NONE);
        }
    }

    /** The sending thread and what it sent. */
    private static final class Sender {
        private final Thread thread;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private volatile boolean running = true;
        private volatile long sent;

        Sender(RelaySystem system, int from, int to, int stream, int payloadBytes) {
            thread = new Thread(() -> {
                try {
                    for (long sequence = 1; running; sequence++) {
                        system.send(from, to, BenchPayload.of(BenchPayload.DATA, stream, sequence, payloadBytes));
                        sent = sequence;
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "relay-bench-" + system.system() + "-" + payloadBytes);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** Stops the sender and returns how many messages it sent; fails if it failed or is stuck. */
        long stop(Duration timeout) throws InterruptedException {
            running = false;
            thread.join(timeout.toMillis());
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " still blocked in a send after " + timeout);
            }
            if (failure.get() != null) {
                throw new IllegalStateException(thread.getName() + " failed", failure.get());
            }
            return sent;
        }
    }
}
