package io.xsite.relay.page;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.xsite.net.admin.AdminRequest;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.EventStream;
import io.xsite.net.admin.EventStreamRoute;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code /events}: the node's {@link StatusJson} as server-sent events. A subscriber gets the status at once,
 * then again whenever it changed (sampled every {@code sampleEvery}: a new view, site master, site or router
 * connection shows within that) and at least every {@code heartbeatEvery}, which also finds subscribers that
 * went away.
 *
 * <p>At most {@code maxSubscribers} streams are open at a time; one more is refused with 503 and
 * {@code Retry-After}, counted in {@code xsite_page_subscribers_refused_total}, so that whoever reaches the
 * admin port cannot hold an unbounded number of connections, each with a buffer, on the node. A subscriber that
 * does not read is dropped by its stream ({@link EventStream}). The open streams are the gauge
 * {@code xsite_page_subscribers}.
 *
 * <p>Threads: {@code status} is called on {@code timer}'s thread (the relay thread, which owns the node's state)
 * and so are the fields that remember the last status sent; {@link #open} runs on the admin server's loop.
 */
final class StatusEvents implements EventStreamRoute {
    private final Supplier<NodeStatus> status;
    private final ScheduledExecutorService timer;
    private final int maxSubscribers;
    private final long heartbeatNanos;
    private final Set<EventStream> subscribers = ConcurrentHashMap.newKeySet();
    /** Streams counted against the bound: reserved before a stream is kept, so two requests cannot both pass. */
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;
    private final ScheduledFuture<?> sampling;
    /** The status last sent to every subscriber, and when (System.nanoTime); on the timer's thread. */
    private String lastSent = "";
    private long lastSentAt;

    StatusEvents(Supplier<NodeStatus> status, ScheduledExecutorService timer, int maxSubscribers,
                 Duration sampleEvery, Duration heartbeatEvery, MeterRegistry registry) {
        if (maxSubscribers < 1) {
            throw new IllegalArgumentException("maxSubscribers must be at least 1: " + maxSubscribers);
        }
        this.status = status;
        this.timer = timer;
        this.maxSubscribers = maxSubscribers;
        this.heartbeatNanos = heartbeatEvery.toNanos();
        this.refused = Counter.builder("xsite.page.subscribers.refused")
                .description("live page event streams refused: as many as allowed were open").register(registry);
        Gauge.builder("xsite.page.subscribers", open, AtomicInteger::get)
                .description("live page event streams open").register(registry);
        long sample = sampleEvery.toNanos();
        this.sampling = timer.scheduleAtFixedRate(this::onSample, sample, sample, TimeUnit.NANOSECONDS);
    }

    /** Stops sampling and ends every open stream. */
    void stop() {
        sampling.cancel(false);
        subscribers.forEach(EventStream::close);
    }

    @Override
    public Optional<AdminResponse> open(AdminRequest request, EventStream stream) {
        if (open.incrementAndGet() > maxSubscribers) {
            open.decrementAndGet();
            refused.increment();
            return Optional.of(AdminResponse.text(503, "the live page has " + maxSubscribers
                    + " viewers already; try again later\n").withHeader("Retry-After", "10"));
        }
        subscribers.add(stream);
        stream.onClose(() -> {
            if (subscribers.remove(stream)) {
                open.decrementAndGet();
            }
        });
        timer.execute(() -> stream.send(StatusJson.render(status.get())));
        return Optional.empty();
    }

    /** Sends the status to every subscriber when it changed or the heartbeat is due; on the timer's thread. */
    private void onSample() {
        if (subscribers.isEmpty()) {
            return;
        }
        String now = StatusJson.render(status.get());
        long at = System.nanoTime();
        if (now.equals(lastSent) && at - lastSentAt < heartbeatNanos) {
            return;
        }
        lastSent = now;
        lastSentAt = at;
        subscribers.forEach(subscriber -> subscriber.send(now));
    }
}
