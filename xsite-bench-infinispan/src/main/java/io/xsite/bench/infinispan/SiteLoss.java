package io.xsite.bench.infinispan;

import io.xsite.bench.grid.RespLink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-site loss: writers put new keys (100 B values) into nyc's async cache for a while, then every nyc
 * member is SIGKILLed at once; after {@code settle} every key nyc acknowledged is read at sfc and the missing
 * ones counted. Each writer acknowledged its keys in order, so what was acknowledged is a prefix per writer.
 */
final class SiteLoss {
    private static final Logger LOG = LoggerFactory.getLogger(SiteLoss.class);
    private static final int VALUE_BYTES = 100;
    private static final int READ_BATCH = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final int writers;
    private final Duration load;
    private final Duration settle;

    SiteLoss(int writers, Duration load, Duration settle) {
        this.writers = writers;
        this.load = load;
        this.settle = settle;
    }

    /** Runs the scenario on {@code deployment}, which has no nyc afterwards. */
    LossFigures run(Deployment deployment) throws InterruptedException, IOException {
        List<InetSocketAddress> nyc = deployment.resp(Deployment.NYC);
        List<Writer> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Writer writer = new Writer(nyc.get(i % nyc.size()), Strategy.ASYNC.database(), "loss" + i + "-", 0,
                    VALUE_BYTES);
            loops.add(writer);
            threads.add(new Thread(writer, "loss-writer-" + i));
        }
        long begin = System.nanoTime();
        threads.forEach(Thread::start);
        // The load runs for a set time before the kill: there is nothing to wait for but the clock.
        Thread.sleep(load.toMillis());
        deployment.kill(Deployment.NYC);
        double seconds = (System.nanoTime() - begin) / 1e9;
        for (Thread thread : threads) {
            thread.join();
        }
        long acknowledged = loops.stream().mapToLong(Writer::acknowledged).sum();
        LOG.info("{}: nyc killed after {} acknowledged puts; reading them at sfc in {}", deployment.system(),
                acknowledged, settle);
        // What sfc will ever hold of nyc's writes arrives within moments; the wait is a bound, not a handshake.
        Thread.sleep(settle.toMillis());
        long missing = 0;
        try (RespLink sfc = RespLink.connect(deployment.resp(Deployment.SFC).get(0), TIMEOUT)) {
            sfc.call("SELECT", String.valueOf(Strategy.ASYNC.database()));
            for (int i = 0; i < writers; i++) {
                missing += missing(sfc, "loss" + i + "-", loops.get(i).acknowledged());
            }
        }
        return new LossFigures(deployment.system(), writers, acknowledged / seconds, acknowledged, missing);
    }

    private static long missing(RespLink sfc, String prefix, long keys) throws IOException {
        long missing = 0;
        for (long from = 0; from < keys; from += READ_BATCH) {
            long to = Math.min(keys, from + READ_BATCH);
            for (long n = from; n < to; n++) {
                sfc.write("GET", prefix + n);
            }
            sfc.flush();
            for (long n = from; n < to; n++) {
                String reply = sfc.readReply();
                if (reply == null || reply.startsWith("-")) {
                    missing++;
                }
            }
        }
        return missing;
    }
}
