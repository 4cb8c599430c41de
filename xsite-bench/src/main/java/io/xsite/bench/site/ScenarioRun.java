package io.xsite.bench.site;

import io.xsite.bench.BoundedPoll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scenario on one cluster: one load thread per sending member operates in a loop (blocking
 * sends or one request at a time) through a warm-up and a measured period; then the senders stop, the
 * harness waits until the system took every send and every message arrived, and checks order and loss.
 */
final class ScenarioRun {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRun.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Duration warmup;
    private final Duration measured;
    private final int messageBytes;
    private final int requestBytes;

    /**
     * @param warmup       load before the measured period
     * @param measured     the measured period
     * @param messageBytes payload bytes of stream messages
     * @param requestBytes payload bytes of requests (and of their echoed replies)
     */
    ScenarioRun(Duration warmup, Duration measured, int messageBytes, int requestBytes) {
        if (measured.isZero() || measured.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("need warmup >= 0 and measured > 0: " + warmup + ", " + measured);
        }
        if (messageBytes < Deliveries.HEADER_BYTES || requestBytes < 1) {
            throw new IllegalArgumentException("message size must be at least " + Deliveries.HEADER_BYTES
                    + " and request size at least 1: " + messageBytes + ", " + requestBytes);
        }
        this.warmup = warmup;
        this.measured = measured;
        this.messageBytes = messageBytes;
        this.requestBytes = requestBytes;
    }

    /** Runs {@code scenario} on {@code cluster}. */
    SiteResult run(SiteCluster cluster, Scenario scenario) throws Exception {
        int members = cluster.size();
        Deliveries deliveries = new Deliveries(members);
        cluster.deliverTo(deliveries);
        Load load = new Load(cluster, scenario);
        load.start();
        // Sleeping is the point: the load runs on its own threads while this one keeps time.
        TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
        load.latencies.getIntervalHistogram();
        long before = count(scenario, deliveries, load);
        long start = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(measured.toNanos());
        long end = System.nanoTime();
        long after = count(scenario, deliveries, load);
        Histogram latencies = load.latencies.getIntervalHistogram();
        load.stop();
        long lost = drain(cluster, scenario, deliveries, load);
        return new SiteResult(cluster.system(), scenario, scenario.isStream() ? messageBytes : requestBytes,
                after - before, Duration.ofNanos(end - start), latencies, deliveries.outOfOrder(), lost);
    }

    private static long count(Scenario scenario, Deliveries deliveries, Load load) {
        return scenario.isStream() ? deliveries.remote() : load.completed.get();
    }

    /** Waits until every sent message arrived; returns how many did not within the drain timeout. */
    private long drain(SiteCluster cluster, Scenario scenario, Deliveries deliveries, Load load) throws Exception {
        int members = cluster.size();
        long[][] expected = new long[members][members];
        for (int sender : scenario.senders(members)) {
            cluster.awaitSent(sender, DRAIN_TIMEOUT);
            for (int receiver = 0; receiver < members; receiver++) {
                expected[receiver][sender] = scenario.expected(receiver, sender, load.sent.get(sender));
            }
        }
        try {
            BoundedPoll.until(DRAIN_TIMEOUT, () -> deliveries.missing(expected) == 0,
                    () -> deliveries.missing(expected) + " messages missing");
            return 0;
        } catch (TimeoutException e) {
            long missing = deliveries.missing(expected);
            LOG.warn("{} {}: {} messages sent but not delivered {} after the senders stopped", cluster.system(),
                    scenario, missing, DRAIN_TIMEOUT);
            return missing;
        }
    }

    /** The load threads of one scenario and what they counted. */
    private final class Load {
        final Recorder latencies = new Recorder(3);
        final AtomicLong completed = new AtomicLong();
        final AtomicLongArray sent;
        private final SiteCluster cluster;
        private final Scenario scenario;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private volatile boolean running = true;

        Load(SiteCluster cluster, Scenario scenario) {
            this.cluster = cluster;
            this.scenario = scenario;
            this.sent = new AtomicLongArray(cluster.size());
        }

        void start() {
            for (int sender : scenario.senders(cluster.size())) {
                Thread thread = new Thread(() -> loop(sender), "load-" + cluster.system() + "-" + scenario + "-" + sender);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        private void loop(int sender) {
            try {
                for (long sequence = 1; running; sequence++) {
                    byte[] payload = scenario.isStream() ? Deliveries.payload(messageBytes, sender, sequence)
                            : new byte[requestBytes];
                    long begin = System.nanoTime();
                    scenario.operate(cluster, sender, payload, REQUEST_TIMEOUT);
                    if (!scenario.isStream()) {
                        latencies.recordValue(System.nanoTime() - begin);
                        completed.incrementAndGet();
                    }
                    sent.set(sender, sequence);
                }
            } catch (Exception e) {
                failure.compareAndSet(null, e);
                running = false;
            }
        }

        /** Stops the senders and waits for them; fails if one of them failed. */
        void stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(DRAIN_TIMEOUT.toMillis());
                if (thread.isAlive()) {
                    throw new IllegalStateException(thread.getName() + " still blocked in a send after " + DRAIN_TIMEOUT);
                }
            }
            if (failure.get() != null) {
                throw new IllegalStateException(cluster.system() + " " + scenario + " failed", failure.get());
            }
        }
    }
}
