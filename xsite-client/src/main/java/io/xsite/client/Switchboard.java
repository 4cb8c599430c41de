package io.xsite.client;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which site the {@link FailoverClient} sends to, and the operations on their way: the client's state machine.
 * Confined to the client's one I/O thread, {@link #loop}: the facade hands every call over with
 * {@code loop.execute}, the connections' events and the timers run there too.
 *
 * <p><b>Failover.</b> A connection that closes or connects to nothing moves on to the site's next endpoint;
 * once every endpoint of the site failed in a row, or the site answered that it cannot serve
 * ({@link SiteConnection#UNAVAILABLE}), or its oldest operation in flight waited longer than
 * {@link ClientTimeouts#response()}, the client switches to the next site in configuration order. Operations in
 * flight at the failed site go out again if they are {@link Retry#IDEMPOTENT} or were answered
 * {@code CLUSTERDOWN} (which applied nothing), and fail with {@link OutcomeUnknownException} otherwise; waiting
 * operations, kept in call order, go out once the new site's connection is ready and every old connection has
 * answered or closed, so two writes of one key are never sent to two sites at once.
 *
 * <p><b>Fail-back.</b> Away from home, every {@link ClientTimeouts#homeCheck()} the client opens a probe
 * connection to home and writes {@link #probeKey} (with a 10 s expiry): home answers and accepts writes. It then
 * asks {@link HomeReadiness}; when home has caught up it holds new operations back, waits for those in flight at
 * the current site (their writes must be in the backlog the readiness looks at), asks again, and only then
 * switches home; any "not yet" or failure on the way releases the held operations to the current site. A manual
 * switch to another site pins the client there (no fail-back) until a manual switch home.
 */
final class Switchboard implements SiteConnection.Events {
    private static final Logger log = LoggerFactory.getLogger(Switchboard.class);
    /** How often deadlines and response timeouts are checked. */
    private static final Duration TICK = Duration.ofMillis(50);
    /** How long the probe's key lives at home. */
    private static final String PROBE_EXPIRY_MILLIS = "10000";
    /** The longest pause between rounds of connection attempts, as a multiple of the reconnect delay. */
    private static final int MAX_BACKOFF = 16;

    /** Where a return home stands. */
    private enum FailBack { IDLE, PROBING, DRAINING, CONFIRMING }

    private final List<SiteEndpoints> sites;
    private final int home;
    private final SiteConnection.Settings settings;
    private final EventLoop loop;
    private final HomeReadiness readiness;
    private final ClientMetrics metrics;
    private final Consumer<FailoverEvent> publish;
    private final byte[] probeKey;
    private final byte[] probeValue;
    private final int totalEndpoints;
    private final PriorityQueue<Operation> waiting = new PriorityQueue<>();
    private final List<SiteConnection> retiring = new ArrayList<>();
    private final int[] nextEndpoint;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private int active;
    private SiteConnection current;
    private SiteConnection probe;
    private int endpointFailures;
    private int failuresInRow;
    private boolean connectScheduled;
    private boolean pinned;
    private FailBack failBack = FailBack.IDLE;
    private long failBackStartedNanos;
    /** Counts switches; a fail-back step begun before the latest switch is dropped. */
    private long generation;
    private boolean closed;
    /** Why the last fail-back did not happen, so that a home still behind is logged once, not every check. */
    private String lastRefusal = "";
    /** The site in use, for other threads to read. */
    private volatile String activeName;

    Switchboard(List<SiteEndpoints> sites, int home, SiteConnection.Settings settings, EventLoop loop,
                HomeReadiness readiness, ClientMetrics metrics, Consumer<FailoverEvent> publish, String probeKey,
                String clientId) {
        this.sites = List.copyOf(sites);
        this.home = home;
        this.settings = settings;
        this.loop = loop;
        this.readiness = readiness;
        this.metrics = metrics;
        this.publish = publish;
        this.probeKey = probeKey.getBytes(StandardCharsets.UTF_8);
        this.probeValue = clientId.getBytes(StandardCharsets.UTF_8);
        this.totalEndpoints = sites.stream().mapToInt(s -> s.resp().size()).sum();
        this.nextEndpoint = new int[sites.size()];
        this.active = home;
        this.activeName = sites.get(home).name();
    }

    /** Connects to home and starts the timers. */
    void start() {
        assertInLoop();
        timers.add(loop.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS));
        long check = settings.timeouts().homeCheck().toMillis();
        timers.add(loop.scheduleAtFixedRate(this::checkHome, check, check, TimeUnit.MILLISECONDS));
        ensureConnection();
    }

    String activeSite() {
        return activeName;
    }

    /** Sends {@code operation} as soon as a site can take it. */
    void submit(Operation operation) {
        assertInLoop();
        if (closed) {
            operation.result.completeExceptionally(new NoSiteAvailableException("the client is closed", null));
            return;
        }
        waiting.add(operation);
        flush();
        ensureConnection();
    }

    /** Moves to {@code site} now; pinned there unless it is home. */
    void switchManually(String site) {
        assertInLoop();
        int to = indexOf(site);
        pinned = to != home;
        if (to != active) {
            switchTo(to, SwitchReason.MANUAL, "asked by the application");
        }
    }

    /** Fails what waits, closes every connection; what is in flight fails as the connections close. */
    void close() {
        assertInLoop();
        closed = true;
        timers.forEach(t -> t.cancel(false));
        Operation operation;
        while ((operation = waiting.poll()) != null) {
            operation.result.completeExceptionally(new NoSiteAvailableException("the client was closed before "
                    + operation.name() + " was sent", null));
        }
        closeProbe();
        if (current != null) {
            current.close(new GridClientException("the client was closed", null));
        }
        List.copyOf(retiring).forEach(c -> c.close(new GridClientException("the client was closed", null)));
    }

    @Override
    public void onReady(SiteConnection connection) {
        if (connection == current) {
            log.debug("failover client connected to site {} at {}", connection.site(), connection.endpoint());
            flush();
        }
    }

    @Override
    public void onAnswered(SiteConnection connection, Operation operation) {
        failuresInRow = 0;
        if (connection == current) {
            endpointFailures = 0;
            if (failBack == FailBack.DRAINING && connection.inFlight() == 0) {
                confirmFailBack();
            }
        }
    }

    @Override
    public void onUnavailable(SiteConnection connection, Operation operation, RespValue.Err error) {
        // CLUSTERDOWN: the minority side refuses before it applies anything, so even an INCR may go again.
        boolean notApplied = error.code().equals("CLUSTERDOWN");
        retryOrFail(connection, operation, notApplied, null);
        if (connection == current) {
            retire(connection);
            current = null;
            failuresInRow++;
            failover("site " + connection.site() + " answered " + error.message());
        }
    }

    @Override
    public void onClosed(SiteConnection connection, List<Operation> inFlight, Throwable cause) {
        retiring.remove(connection);
        inFlight.forEach(op -> retryOrFail(connection, op, false, cause));
        if (connection == current) {
            current = null;
            if (closed) {
                return;
            }
            String why = cause == null ? "connection closed" : cause.getMessage();
            log.warn("failover client lost site {} at {}: {}", connection.site(), connection.endpoint(), why);
            failuresInRow++;
            endpointFailures++;
            nextEndpoint[active]++;
            if (failBack != FailBack.IDLE && failBack != FailBack.PROBING) {
                failBack = FailBack.IDLE;
            }
            if (endpointFailures >= sites.get(active).resp().size()) {
                failover("every endpoint of site " + connection.site() + " failed, the last: " + why);
            } else {
                ensureConnection();
            }
        }
        flush();
    }

    /** Sends {@code operation} again elsewhere, or fails it when it may have been applied. */
    private void retryOrFail(SiteConnection connection, Operation operation, boolean notApplied, Throwable cause) {
        if (closed) {
            operation.result.completeExceptionally(operation.retry == Retry.IDEMPOTENT
                    ? new NoSiteAvailableException("the client was closed before " + operation.name() + " was answered",
                    cause)
                    : new OutcomeUnknownException(connection.site(), operation.name(), cause));
        } else if (notApplied || operation.retry == Retry.IDEMPOTENT) {
            metrics.retried(connection.site());
            waiting.add(operation);
        } else {
            metrics.failed("outcome_unknown");
            operation.result.completeExceptionally(new OutcomeUnknownException(connection.site(), operation.name(),
                    cause));
        }
    }

    /** Sends the waiting operations, oldest first, if the current site is ready and nothing older is in flight. */
    private void flush() {
        if (closed || current == null || !current.ready() || !retiring.isEmpty()
                || failBack == FailBack.DRAINING || failBack == FailBack.CONFIRMING) {
            return;
        }
        Operation operation;
        while ((operation = waiting.poll()) != null) {
            current.send(operation);
        }
    }

    private void ensureConnection() {
        if (closed || current != null || connectScheduled) {
            return;
        }
        int rounds = failuresInRow / totalEndpoints;
        if (failuresInRow > 0 && failuresInRow % totalEndpoints == 0) {
            connectScheduled = true;
            long delay = settings.timeouts().reconnectDelay().toMillis() * Math.min(1L << Math.min(rounds - 1, 4),
                    MAX_BACKOFF);
            loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } else {
            connect();
        }
    }

    private void connect() {
        connectScheduled = false;
        if (closed || current != null) {
            return;
        }
        SiteEndpoints site = sites.get(active);
        InetSocketAddress endpoint = site.resp().get(nextEndpoint[active] % site.resp().size());
        current = SiteConnection.open(loop, site.name(), endpoint, settings, this);
    }

    private void failover(String detail) {
        if (sites.size() == 1) {
            endpointFailures = 0;
            ensureConnection();
            return;
        }
        switchTo((active + 1) % sites.size(), SwitchReason.FAILOVER, detail);
    }

    private void switchTo(int to, SwitchReason reason, String detail) {
        String from = sites.get(active).name();
        if (current != null) {
            retire(current);
            current = null;
        }
        closeProbe();
        active = to;
        activeName = sites.get(to).name();
        if (reason == SwitchReason.FAILOVER) {
            pinned = false;
        }
        endpointFailures = 0;
        generation++;
        failBack = FailBack.IDLE;
        lastRefusal = "";
        FailoverEvent event = new FailoverEvent(from, activeName, reason, detail, Instant.now());
        if (reason == SwitchReason.FAILOVER) {
            log.warn("failover client switched from site {} to {}: {}", from, activeName, detail);
        } else {
            log.info("failover client switched from site {} to {} ({}): {}", from, activeName, reason, detail);
        }
        metrics.switched(event);
        publish.accept(event);
        ensureConnection();
    }

    /** Lets {@code connection} answer what it has in flight, then close; meanwhile nothing newer is sent. */
    private void retire(SiteConnection connection) {
        if (connection.inFlight() > 0) {
            retiring.add(connection);
        }
        connection.retire();
    }

    private void tick() {
        long now = System.nanoTime();
        long response = settings.timeouts().response().toNanos();
        List<SiteConnection> open = new ArrayList<>(retiring);
        Optional.ofNullable(current).ifPresent(open::add);
        Optional.ofNullable(probe).ifPresent(open::add);
        for (SiteConnection connection : open) {
            connection.oldestSentNanos().filter(sent -> now - sent > response).ifPresent(sent -> connection.close(
                    new GridClientException("site " + connection.site() + " at " + connection.endpoint()
                            + " did not answer within " + settings.timeouts().response().toMillis() + " ms", null)));
        }
        waiting.removeIf(operation -> {
            if (now - operation.deadlineNanos < 0) {
                return false;
            }
            metrics.failed("no_site");
            operation.result.completeExceptionally(new NoSiteAvailableException("no site answered " + operation.name()
                    + " within " + settings.timeouts().operation().toMillis() + " ms (now trying site " + activeName
                    + ")", null));
            return true;
        });
        if ((failBack == FailBack.DRAINING || failBack == FailBack.CONFIRMING) && now - failBackStartedNanos > response) {
            log.info("failover client stays at site {}: its operations in flight did not finish in time", activeName);
            failBack = FailBack.IDLE;
            flush();
        }
    }

    /** Away from home and free to return: opens a probe connection to home. */
    private void checkHome() {
        if (closed || active == home || pinned || failBack != FailBack.IDLE) {
            return;
        }
        SiteEndpoints site = sites.get(home);
        InetSocketAddress endpoint = site.resp().get(nextEndpoint[home]++ % site.resp().size());
        failBack = FailBack.PROBING;
        failBackStartedNanos = System.nanoTime();
        Operation write = new Operation(-1, List.of("SET".getBytes(StandardCharsets.UTF_8), probeKey, probeValue,
                "PX".getBytes(StandardCharsets.UTF_8), PROBE_EXPIRY_MILLIS.getBytes(StandardCharsets.UTF_8)),
                Retry.IDEMPOTENT, System.nanoTime() + settings.timeouts().response().toNanos());
        long started = generation;
        write.result.whenComplete((reply, failure) -> {
            closeProbe();
            if (started != generation || failBack != FailBack.PROBING) {
                return;
            }
            if (failure != null) {
                log.debug("failover client: home site {} does not take writes yet: {}", sites.get(home).name(),
                        failure.getMessage());
                failBack = FailBack.IDLE;
                return;
            }
            askReadiness(started, ready -> {
                failBack = FailBack.DRAINING;
                failBackStartedNanos = System.nanoTime();
                if (current == null || current.inFlight() == 0) {
                    confirmFailBack();
                }
            });
        });
        probe = SiteConnection.open(loop, site.name(), endpoint, settings, new ProbeEvents(write));
    }

    /** The operations in flight at the current site are answered: asks once more, then goes home. */
    private void confirmFailBack() {
        failBack = FailBack.CONFIRMING;
        askReadiness(generation, ready -> switchTo(home, SwitchReason.FAIL_BACK, ready.reason()));
    }

    /** Asks the readiness; {@code then} runs on the loop if home has caught up and nothing switched meanwhile. */
    private void askReadiness(long started, Consumer<Readiness> then) {
        String homeName = sites.get(home).name();
        String away = activeName;
        readiness.check(homeName, away).toCompletableFuture()
                .orTimeout(settings.timeouts().response().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ready, failure) -> loop.execute(() -> {
                    if (closed || started != generation || failBack == FailBack.IDLE) {
                        return;
                    }
                    if (failure != null || !ready.caughtUp()) {
                        String why = failure != null ? "readiness check failed: " + failure : ready.reason();
                        if (!why.equals(lastRefusal)) {
                            log.info("failover client stays at site {}: home site {} has not caught up ({})", away,
                                    homeName, why);
                        }
                        lastRefusal = why;
                        failBack = FailBack.IDLE;
                        flush();
                        return;
                    }
                    then.accept(ready);
                }));
    }

    /**
     * The probe connection's events: it sends its one write when ready; a probe that closes, whether it
     * connected or not, fails the write, which ends the probe ({@link FailBack#PROBING} back to idle).
     */
    private final class ProbeEvents implements SiteConnection.Events {
        private final Operation write;

        ProbeEvents(Operation write) {
            this.write = write;
        }

        @Override
        public void onReady(SiteConnection connection) {
            connection.send(write);
        }

        @Override
        public void onAnswered(SiteConnection connection, Operation operation) {
            // The write's own future carries the answer.
        }

        @Override
        public void onUnavailable(SiteConnection connection, Operation operation, RespValue.Err error) {
            operation.result.completeExceptionally(new ServerErrorException(connection.site(), error));
        }

        @Override
        public void onClosed(SiteConnection connection, List<Operation> inFlight, Throwable cause) {
            if (connection == probe) {
                probe = null;
            }
            write.result.completeExceptionally(new GridClientException("the probe connection to site "
                    + connection.site() + " at " + connection.endpoint() + " closed", cause));
        }
    }

    private void closeProbe() {
        if (probe != null) {
            probe.close(null);
            probe = null;
        }
    }

    private int indexOf(String site) {
        for (int i = 0; i < sites.size(); i++) {
            if (sites.get(i).name().equals(site)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no site " + site + " (sites: " + sites.stream().map(SiteEndpoints::name)
                .toList() + ")");
    }

    private void assertInLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("failover client state touched off its I/O thread: "
                    + Thread.currentThread().getName());
        }
    }
}
