package io.xsite.bench;

import io.netty.bootstrap.Bootstrap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarding scenario: {@code clients} load clients register in a fresh group and each sends
 * unicasts to the next one in a ring (client i to client i+1), the traffic of bridge members relaying
 * to each other's site masters. Runs a warm-up, then a measured period, then stops the senders and
 * waits for what is in flight before it disconnects.
 */
final class ForwardingRun {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardingRun.class);
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final Bootstrap bootstrap;
    private final Duration warmup;
    private final Duration measured;
    private final int window;
    private int runs;

    /**
     * @param bootstrap client bootstrap (event loop group, channel type and options set)
     * @param warmup    traffic before the measured period
     * @param measured  the measured period
     * @param window    most messages in flight per client
     */
    ForwardingRun(Bootstrap bootstrap, Duration warmup, Duration measured, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1: " + window);
        }
        this.bootstrap = bootstrap;
        this.warmup = warmup;
        this.measured = measured;
        this.window = window;
    }

    /** Runs the scenario against {@code router}. */
    ForwardingResult run(RouterProcess router, int payloadBytes, int clients)
            throws InterruptedException, TimeoutException {
        if (clients < 2) {
            throw new IllegalArgumentException("a ring needs at least 2 clients: " + clients);
        }
        String group = "bench-" + router.kind().id() + "-" + payloadBytes + "-" + clients + "-" + runs++;
        List<LoadClient> ring = new ArrayList<>(clients);
        try (MemberCounter counter = MemberCounter.connect(bootstrap, router.address())) {
            for (int i = 0; i < clients; i++) {
                ring.add(LoadClient.connect(bootstrap, router.address(), group, window));
            }
            // A unicast to a member the router does not know yet is dropped, and would shrink the window.
            counter.awaitAtLeast(group, clients, REGISTER_TIMEOUT);
            for (int i = 0; i < clients; i++) {
                ring.get(i).startSending(ring.get((i + 1) % clients), payloadBytes);
            }
            return measure(router, payloadBytes, ring);
        } finally {
            ring.forEach(LoadClient::close);
        }
    }

    private ForwardingResult measure(RouterProcess router, int payloadBytes, List<LoadClient> ring)
            throws InterruptedException {
        // Sleeping is the point here: the load runs on the event loops while this thread keeps time.
        TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
        ring.forEach(LoadClient::takeLatencies);
        long receivedBefore = received(ring);
        Duration cpuBefore = router.cpuTime();
        Duration loadCpuBefore = loadCpuTime();
        long start = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(measured.toNanos());
        long end = System.nanoTime();
        Duration cpuAfter = router.cpuTime();
        Duration loadCpuAfter = loadCpuTime();
        long receivedAfter = received(ring);
        Histogram latencies = new Histogram(3);
        ring.forEach(c -> latencies.add(c.takeLatencies()));
        stop(ring);
        long outOfOrder = ring.stream().mapToLong(LoadClient::outOfOrder).sum();
        return new ForwardingResult(router.kind(), payloadBytes, ring.size(), receivedAfter - receivedBefore,
                Duration.ofNanos(end - start), latencies, cpuAfter.minus(cpuBefore), loadCpuAfter.minus(loadCpuBefore),
                outOfOrder);
    }

    /** CPU time of this JVM, all threads: the load clients' event loops, and the JIT and GC working for them. */
    private static Duration loadCpuTime() {
        return ProcessHandle.current().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no CPU time for the benchmark's own process"));
    }

    private static long received(List<LoadClient> ring) {
        return ring.stream().mapToLong(LoadClient::received).sum();
    }

    private static void stop(List<LoadClient> ring) throws InterruptedException {
        ring.forEach(LoadClient::stopSending);
        try {
            CompletableFuture.allOf(ring.stream().map(LoadClient::drained).toArray(CompletableFuture[]::new))
                    .get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} messages still in flight {} after the senders stopped; closing anyway",
                    ring.stream().mapToInt(LoadClient::inFlight).sum(), DRAIN_TIMEOUT);
        }
    }
}
