package io.xsite.bench.relay;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The chat round trip, as in the relay demo: a member of sfc that is not site master sends a line to
 * everyone in both sites and waits until all 8 members (itself included) replied, then sends the
 * next; warm-up rounds first, then the measured rounds, each timed from the send to the 8th reply.
 */
final class ChatRun {
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(30);

    private final Duration warmup;
    private final Duration measured;
    private final int lineBytes;

    /**
     * @param warmup    rounds before the measured period
     * @param measured  the measured period
     * @param lineBytes bytes of each chat line
     */
    ChatRun(Duration warmup, Duration measured, int lineBytes) {
        if (measured.isZero() || measured.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("need warmup >= 0 and measured > 0: " + warmup + ", " + measured);
        }
        this.warmup = warmup;
        this.measured = measured;
        this.lineBytes = lineBytes;
    }

    /** Runs the rounds on {@code system}; fails if a round does not get all replies within 30 s. */
    ChatResult run(RelaySystem system) throws Exception {
        int sender = system.lastOrdinary(RelaySystem.SFC);
        Round round = new Round(sender);
        system.deliverTo(round);
        try {
            long number = 0;
            long measureFrom = System.nanoTime() + warmup.toNanos();
            long end = measureFrom + measured.toNanos();
            Histogram latencies = new Histogram(3);
            for (long now = System.nanoTime(); now - end < 0; now = System.nanoTime()) {
                CountDownLatch replies = round.next(++number);
                long begin = System.nanoTime();
                system.sendToAll(sender, BenchPayload.of(BenchPayload.CHAT, round.stream, number, lineBytes));
                if (!replies.await(ROUND_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new TimeoutException(system.system() + ": chat round " + number + " got "
                            + (RelaySystem.MEMBERS - replies.getCount()) + " of " + RelaySystem.MEMBERS + " replies in "
                            + ROUND_TIMEOUT);
                }
                long done = System.nanoTime();
                if (begin - measureFrom >= 0) {
                    latencies.recordValue(done - begin);
                }
            }
            return new ChatResult(system.system(), lineBytes, latencies);
        } finally {
            system.deliverTo(Inbox.NONE);
        }
    }

    /** Counts the replies of the current round at the sender; late replies of earlier rounds are ignored. */
    private static final class Round implements Inbox {
        private final int sender;
        private final int stream = BenchPayload.nextStream();
        private volatile long number;
        private volatile CountDownLatch replies = new CountDownLatch(0);

        Round(int sender) {
            this.sender = sender;
        }

        CountDownLatch next(long value) {
            CountDownLatch latch = new CountDownLatch(RelaySystem.MEMBERS);
            replies = latch;
            number = value;
            return latch;
        }

        @Override
        public void deliver(int receiver, byte[] bytes, int offset) {
            if (receiver == sender && BenchPayload.kind(bytes, offset) == BenchPayload.REPLY
                    && BenchPayload.stream(bytes, offset) == stream && BenchPayload.number(bytes, offset) == number) {
                replies.countDown();
            }
        }
    }
}
