package io.xsite.cli.stream;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.relay.RelayListener;
import io.xsite.relay.RelayNode;
import io.xsite.relay.UndeliveredMessages;
import io.xsite.relay.reliability.Destination;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The sending side of {@code xsite stream}: sends the numbers 1 to N to a {@link StreamTarget} at a steady
 * rate, then waits until every receiver confirmed that all of them arrived ({@link StreamReceiver}). What
 * it has to say goes to a consumer, one line each: the receivers, the sending, each confirmation and a
 * summary. Use one sender per node, once: the node cannot drop the listeners it adds.
 *
 * <p>Numbers the node refused, and numbers it accepted and later reported undelivered
 * ({@link RelayListener#onUndelivered}), are collected and printed as ranges at the end ("told of ... not
 * delivered"): the relay's promise is that a receiver misses no number outside them.
 */
public final class StreamSender {
    /** How often the topology is looked at while waiting for the target to appear. */
    private static final Duration TOPOLOGY_POLL = Duration.ofMillis(50);

    private final RelayNode node;
    private final Consumer<String> out;
    private final long stream;
    private final Set<UuidAddress> confirmed = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> allConfirmed = new CompletableFuture<>();
    /** Numbers refused or reported undelivered; guarded by itself (sends complete and reports arrive on any thread). */
    private final BitSet told = new BitSet();
    /** Numbers receivers reported skipped: counted only, a receiver's report carries no payloads. */
    private final AtomicLong skippedReported = new AtomicLong();
    /** Who must confirm; null until {@link #send} knows the receivers. */
    private volatile Set<UuidAddress> expected;

    /** A sender on {@code node} whose stream id comes from {@code random}; it prints to {@code out}. */
    public StreamSender(RelayNode node, Consumer<String> out, RandomGenerator random) {
        this.node = Objects.requireNonNull(node, "node");
        this.out = Objects.requireNonNull(out, "out");
        this.stream = random.nextLong();
        node.addMessageListener(this::onMessage);
        node.addRelayListener(new RelayListener() {
            @Override
            public void onUndelivered(UndeliveredMessages undelivered) {
                StreamSender.this.onUndelivered(undelivered);
            }
        });
    }

    /**
     * Waits up to {@code timeout} for the target in the topology, sends {@code count} numbers at
     * {@code perSecond}, then waits up to {@code timeout} for every receiver's confirmation.
     *
     * @return whether every number was handed to the node and every receiver confirmed the whole stream
     */
    public boolean send(StreamTarget target, long count, double perSecond, Duration timeout)
            throws InterruptedException {
        if (count < 1 || count > StreamPayload.MAX_COUNT || !(perSecond > 0)) {
            throw new IllegalArgumentException("count must be 1 to " + StreamPayload.MAX_COUNT
                    + " and rate positive: " + count + ", " + perSecond);
        }
        List<UuidAddress> receivers = awaitReceivers(target, timeout);
        if (receivers.isEmpty()) {
            out.accept("stream: no member " + target + " in the topology after " + timeout.toMillis() + " ms");
            return false;
        }
        String id = Long.toHexString(stream);
        out.accept("stream " + id + ": " + count + " numbers to " + target + " at " + perSecond + "/s, receivers "
                + receivers);
        expected = Set.copyOf(receivers);
        checkConfirmations();
        long started = System.nanoTime();
        long failed = sendNumbers(target, receivers, count, perSecond);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.accept(String.format("stream %s: sent %d numbers in %.1f s%s", id, count, seconds,
                failed == 0 ? "" : ", " + failed + " of them refused by the node"));
        try {
            allConfirmed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Reported below, receiver by receiver.
        }
        reportTold(id);
        List<UuidAddress> missing = receivers.stream().filter(r -> !confirmed.contains(r)).toList();
        out.accept("stream " + id + ": " + (receivers.size() - missing.size()) + " of " + receivers.size()
                + " receivers confirmed all " + count + " numbers" + (missing.isEmpty() ? "" : "; not " + missing));
        return failed == 0 && missing.isEmpty();
    }

    /** Sends the numbers paced at {@code perSecond}; returns how many the node refused. */
    private long sendNumbers(StreamTarget target, List<UuidAddress> receivers, long count, double perSecond) {
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        // The latest sends only: the node hands numbers on in order, so when these are done all are.
        CompletableFuture<?>[] sends = new CompletableFuture<?>[(int) Math.min(count, 1 << 12)];
        for (long seq = 1; seq <= count; seq++) {
            long due = start + (long) ((seq - 1) * 1e9 / perSecond);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            byte[] payload = StreamPayload.number(stream, seq, count).encode();
            CompletableFuture<Void> sent = target.member() == null ? node.sendToSite(target.site(), payload)
                    : node.send(receivers.get(0), payload);
            long number = seq;
            sends[(int) (seq % sends.length)] = sent.whenComplete((ok, failure) -> {
                if (failure != null) {
                    told(number);
                    if (failed.getAndIncrement() == 0) {
                        out.accept("stream: number " + number + " refused: " + failure.getMessage());
                    }
                }
            });
        }
        // The last sends may still be on their way to the first hop; their outcome belongs in the count.
        CompletableFuture.allOf(Arrays.stream(sends).filter(Objects::nonNull)
                .toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
        return failed.get();
    }

    /** Prints the numbers the node refused or reported undelivered, if any. */
    private void reportTold(String id) {
        String ranges;
        int numbers;
        synchronized (told) {
            ranges = NumberRanges.of(told);
            numbers = told.cardinality();
        }
        long skipped = skippedReported.get();
        if (numbers > 0 || skipped > 0) {
            out.accept("stream " + id + ": told of " + numbers + " numbers not delivered: " + ranges
                    + (skipped == 0 ? "" : "; receivers reported " + skipped + " skipped"));
        }
    }

    private void told(long number) {
        synchronized (told) {
            told.set((int) number);
        }
    }

    /** Collects this stream's numbers among messages the node will not deliver; on the relay's thread. */
    private void onUndelivered(UndeliveredMessages undelivered) {
        long ours = 0;
        for (byte[] payload : undelivered.payloads()) {
            Optional<StreamPayload> number = StreamPayload.decode(payload)
                    .filter(p -> p.kind() == StreamPayload.Kind.NUMBER && p.stream() == stream);
            if (number.isPresent()) {
                told(number.get().seq());
                ours++;
            }
        }
        if (undelivered.payloads().isEmpty()) {
            ours = undelivered.count();
            skippedReported.addAndGet(ours);
        }
        if (ours > 0) {
            Destination to = undelivered.to();
            out.accept("stream " + Long.toHexString(stream) + ": " + ours + " numbers not delivered to "
                    + (to instanceof Destination.Site site ? site.site() : ((Destination.Member) to).member())
                    + " (" + undelivered.reason().name().toLowerCase(Locale.ROOT) + ", reported by "
                    + undelivered.reportedBy() + ")");
        }
    }

    private List<UuidAddress> awaitReceivers(StreamTarget target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<UuidAddress> receivers = target.receivers(node.topology(), node.address());
        // The topology has no change events; a short poll is cheap and bounded by the deadline.
        while (receivers.isEmpty() && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(TOPOLOGY_POLL.toMillis());
            receivers = target.receivers(node.topology(), node.address());
        }
        return receivers;
    }

    /** Completes {@link #allConfirmed} once every expected receiver confirmed; on any thread. */
    private void checkConfirmations() {
        Set<UuidAddress> receivers = expected;
        if (receivers != null && confirmed.containsAll(receivers)) {
            allConfirmed.complete(null);
        }
    }

    private void onMessage(Message message) {
        StreamPayload.decode(message.payload())
                .filter(payload -> payload.kind() == StreamPayload.Kind.COMPLETE && payload.stream() == stream)
                .ifPresent(payload -> {
                    if (confirmed.add(message.sender())) {
                        out.accept("stream " + Long.toHexString(stream) + ": complete at " + message.sender());
                        checkConfirmations();
                    }
                });
    }
}
