package io.xsite.bench.infinispan;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code writers} {@link Writer}s against nyc's members (writer i to member i mod 3) for a while, with a
 * {@link LagProbe} alongside for the async strategy, and returns what they measured.
 */
final class PutLoad {
    private static final Logger LOG = LoggerFactory.getLogger(PutLoad.class);
    private static final long KEYS_PER_WRITER = 10_000;

    private final int writers;

    PutLoad(int writers) {
        this.writers = writers;
    }

    /** Puts {@code valueBytes} values for {@code duration} into {@code strategy}'s cache of {@code deployment}. */
    PutFigures run(Deployment deployment, Strategy strategy, int valueBytes, Duration duration)
            throws InterruptedException {
        List<InetSocketAddress> nyc = deployment.resp(Deployment.NYC);
        List<Writer> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Writer writer = new Writer(nyc.get(i % nyc.size()), strategy.database(), "w" + i + "-", KEYS_PER_WRITER,
                    valueBytes);
            loops.add(writer);
            threads.add(new Thread(writer, "writer-" + i));
        }
        LagProbe probe = strategy == Strategy.ASYNC ? new LagProbe(nyc.get(0),
                deployment.resp(Deployment.SFC).get(0), strategy.database()) : null;
        if (probe != null) {
            threads.add(new Thread(probe, "lag-probe"));
        }
        long begin = System.nanoTime();
        threads.forEach(Thread::start);
        // The load runs for a set time: there is nothing to wait for but the clock.
        Thread.sleep(duration.toMillis());
        loops.forEach(Writer::stop);
        if (probe != null) {
            probe.stop();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        Histogram latencies = new Histogram(3);
        long errors = 0;
        for (Writer writer : loops) {
            latencies.add(writer.latencies());
            errors += writer.errors();
            if (writer.firstError() != null) {
                LOG.warn("{} {} {} B: a writer failed: {}", deployment.system(), strategy, valueBytes,
                        writer.firstError());
            }
        }
        Optional<LagFigures> lag = Optional.ofNullable(probe).map(p -> new LagFigures(p.lags().getTotalCount(),
                p.lags().getValueAtPercentile(50) / 1000.0, p.lags().getValueAtPercentile(99) / 1000.0,
                p.lags().getMaxValue() / 1000.0, p.lost()));
        if (probe != null && probe.failure() != null) {
            LOG.warn("{} lag probe failed: {}", deployment.system(), probe.failure());
        }
        return new PutFigures(deployment.system(), strategy, valueBytes, writers, seconds, latencies.getTotalCount(),
                errors, latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0, lag);
    }
}
