package io.xsite.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.client.ClientTimeouts;
import io.xsite.client.FailoverClient;
import io.xsite.client.FailoverEvent;
import io.xsite.client.SwitchReason;
import io.xsite.net.tls.TlsConfig;
import io.xsite.grid.SiteComparison;
import io.xsite.relay.topology.SiteView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The data steps of the demo's script: keys written at the first site (home) through one {@link FailoverClient},
 * every member of home crashed, the keys read at the next site through the same client, home started again and
 * caught up through a push of the other site's state, both sites compared (digests, then key by key), and the
 * client back home. The members are reached as a user reaches them, in this JVM or in their own: RESP through the
 * client (TLS where the members serve it), the rest through their admin endpoints ({@link DemoAdmin}). Each step
 * returns why it failed, or empty, and prints what it saw through {@code print}. Not thread-safe: the script's
 * thread runs it.
 */
final class DemoData implements AutoCloseable {
    /** Keys written and read; enough that the sites' backups and the client's pipeline carry real work. */
    static final int KEYS = 10_000;
    /** Operations in flight at once: a pipeline deep enough to be quick, short enough for every deadline. */
    private static final int IN_FLIGHT = 256;
    /** Home is checked every second while the client is away, so that the return shows soon after catching up. */
    private static final Duration HOME_CHECK = Duration.ofSeconds(1);
    private static final Duration RESPONSE = Duration.ofSeconds(10);
    /** Verify digests every segment at both sites: once a second is plenty, and within the endpoint's rate limit. */
    private static final Duration VERIFY_EVERY = Duration.ofSeconds(1);

    private final RunningDemo demo;
    private final Duration stepTimeout;
    private final Consumer<String> print;
    private final String home;
    private final String away;
    private final DemoAdmin admin;
    /** Started by {@link #write()}, once home serves, so that it begins at home; null before. */
    private FailoverClient client;
    private final List<FailoverEvent> switches = new CopyOnWriteArrayList<>();

    /**
     * A client with every site of {@code demo}, home its first site; the next site is where it fails over to, and
     * holds the visitor, whose admin endpoint takes the push of state.
     *
     * @throws IllegalArgumentException if the visitor is not a member of the next site
     */
    DemoData(RunningDemo demo, Duration stepTimeout, Consumer<String> print) {
        this.demo = Objects.requireNonNull(demo, "demo");
        this.stepTimeout = Objects.requireNonNull(stepTimeout, "stepTimeout");
        this.print = Objects.requireNonNull(print, "print");
        List<String> sites = demo.plan().layout().siteNames();
        this.home = sites.get(0);
        this.away = sites.get(1);
        if (!demo.plan().visitor().site().equals(away)) {
            throw new IllegalArgumentException("the data steps need the visitor in site " + away + ", not "
                    + demo.plan().visitor().site());
        }
        this.admin = new DemoAdmin(demo.plan(), demo.pki().adminToken(), stepTimeout);
    }

    /** The failover client: home first, every site with its members' RESP ports and all its admin endpoints. */
    private FailoverClient failoverClient() {
        FailoverClient.Builder builder = client().home(home).timeouts(timeouts(stepTimeout))
                .adminToken(demo.pki().adminToken()).listener(switches::add);
        demo.plan().layout().siteNames().forEach(site -> builder.site(site, resp(site),
                demo.plan().site(site).stream().map(DemoMember::adminUri).toList()));
        return builder.build();
    }

    /**
     * A client builder speaking RESP as the members serve it: TLS with the run's client certificate where the
     * members run in JVMs of their own, plain in this JVM.
     */
    private FailoverClient.Builder client() {
        FailoverClient.Builder builder = FailoverClient.builder().meterRegistry(new SimpleMeterRegistry());
        if (demo.cluster().respTls()) {
            TlsConfig tls = demo.pki().clientTls();
            builder.tls(tls.trustedCa(), tls.certificate(), tls.privateKey());
        }
        return builder;
    }

    /** The RESP ports of {@code site}'s members; not the visitor's, plain whatever the members serve. */
    private List<InetSocketAddress> resp(String site) {
        return demo.plan().members().stream().filter(member -> member.site().equals(site))
                .map(DemoMember::respAddress).toList();
    }

    /**
     * The client's timeouts in the demo: home checked every second; an answer awaited as long as the grid itself
     * waits for a segment's owners or a sync backup (10 s: a busy machine answers late, and a crashed member
     * closes its connections anyway); an operation, as long as a step.
     */
    private static ClientTimeouts timeouts(Duration stepTimeout) {
        return ClientTimeouts.DEFAULTS.withHomeCheck(HOME_CHECK).withResponse(RESPONSE).withOperation(stepTimeout);
    }

    /** The first site, the client's home. */
    String home() {
        return home;
    }

    /** The site the client fails over to. */
    String away() {
        return away;
    }

    /**
     * Waits until home's grid is at rest (a crashed member's segments moved on), then starts the client and writes
     * every key through it, home in use; holds if each write was acknowledged.
     */
    Optional<String> write() throws InterruptedException {
        long settling = System.nanoTime();
        Optional<Boolean> settled = Polling.poll(stepTimeout, () -> admin.statuses(home)
                .filter(members -> !members.isEmpty() && members.stream().allMatch(DemoData::atRest))
                .map(members -> true));
        if (settled.isEmpty()) {
            return Optional.of(home + "'s grid is still moving segments or not writable after " + seconds());
        }
        print.accept(String.format("%s's grid is at rest (every segment owned, nothing moving) after %d ms", home,
                millisSince(settling)));
        client = failoverClient();
        long start = System.nanoTime();
        Optional<String> failure = each(i -> client.set(key(i), value(i)).thenApply(ok -> true));
        if (failure.isPresent()) {
            return failure;
        }
        print.accept(String.format("%,d keys written through the client at %s in %d ms; each acknowledged once "
                + "%s had it too (sync backup)", KEYS, client.activeSite(), millisSince(start), away));
        return client.activeSite().equals(home) ? Optional.empty()
                : Optional.of("the client wrote at " + client.activeSite() + ", not at home " + home);
    }

    /** Crashes every running member of home; holds once the visitor sees home gone. */
    Optional<String> crashHome(List<String> running) throws InterruptedException {
        for (String name : running) {
            print.accept(name + ": " + demo.cluster().crash(name));
        }
        long crashed = System.nanoTime();
        Optional<Boolean> gone = Polling.poll(stepTimeout, () -> demo.chat().node().topology().containsKey(home)
                ? Optional.empty() : Optional.of(true));
        if (gone.isEmpty()) {
            return Optional.of(demo.plan().visitor().name() + " still sees site " + home + " after " + seconds());
        }
        print.accept(String.format("site %s is gone from the topology after %d ms", home, millisSince(crashed)));
        return Optional.empty();
    }

    /** Reads every key through the same client; holds if each has its value and the client moved away from home. */
    Optional<String> readAway() throws InterruptedException {
        long start = System.nanoTime();
        Optional<String> failure = each(i -> client.get(key(i)).thenApply(read -> read.equals(Optional.of(value(i)))));
        if (failure.isPresent()) {
            return failure;
        }
        Optional<FailoverEvent> failover = switches.stream().filter(e -> e.reason() == SwitchReason.FAILOVER
                && e.from().equals(home) && e.to().equals(away)).findFirst();
        if (failover.isEmpty()) {
            return Optional.of("the client reported no switch from " + home + " to " + away + ": " + switches);
        }
        print.accept("the client reports: switched from " + home + " to " + away + " (" + failover.get().detail()
                + ")");
        print.accept(String.format("%,d of %,d keys read through the client at %s in %d ms, each with the value "
                + "written at %s", KEYS, KEYS, client.activeSite(), millisSince(start), home));
        return Optional.empty();
    }

    /**
     * Has the other site push its state to home through the visitor's admin endpoint (home's members lost it all;
     * the push waits for them), then starts home's members again and waits until the visitor sees home with all of
     * them and a site master. Pushing before home is back keeps the client away until the push is done: its
     * readiness sees the transfer on its way.
     */
    Optional<String> restartHome(List<String> members) throws InterruptedException {
        DemoMember through = demo.plan().visitor();
        print.accept(String.format("%s pushes its state to %s: POST /grid/backups/%s/push-state at %s's admin endpoint "
                        + "(xsite grid push-state %s --port %d --admin-token-file %s)", away, home, home, through.name(),
                home, through.adminPort(), demo.pki().adminTokenFile()));
        try {
            admin.pushState(through, home).forEach(line -> print.accept("  " + line));
        } catch (IOException e) {
            return Optional.of("the push of state failed: " + e.getMessage());
        }
        print.accept(String.join(", ", members) + ": " + demo.cluster().restart(members));
        long started = System.nanoTime();
        Optional<SiteView> formed = Polling.poll(stepTimeout, () -> Optional.ofNullable(
                        demo.chat().node().topology().get(home))
                .filter(view -> view.members().size() == members.size() && !view.siteMasters().isEmpty()));
        if (formed.isEmpty()) {
            return Optional.of(home + " is not back with " + members.size() + " members after " + seconds());
        }
        print.accept(String.format("%s is back with %d members after %d ms, site master %s", home,
                members.size(), millisSince(started), formed.get().siteMasters().get(0)));
        return Optional.empty();
    }

    /**
     * Waits until every member of the other site has pushed its segments to home and owes it nothing more (what the
     * client's return waits for).
     */
    Optional<String> catchUp() throws InterruptedException {
        long start = System.nanoTime();
        Optional<Long> pushed = Polling.poll(stepTimeout, () -> backupsTo(away, home).filter(backups -> backups
                .stream().allMatch(DemoData::pushedAndDrained)).map(backups -> backups.stream()
                .mapToLong(backup -> backup.path("push").path("entriesSent").asLong()).sum()));
        if (pushed.isEmpty()) {
            return Optional.of(away + "'s push to " + home + " is not done, or its backlog not empty, after " + seconds()
                    + ": " + backupsTo(away, home).map(Object::toString).orElse("no status"));
        }
        print.accept(String.format("%s's push to %s is done on its %d members after %d ms (%,d entries sent); its "
                + "backlog for %s is 0 keys", away, home, demo.plan().site(away).size(), millisSince(start),
                pushed.get(), home));
        return Optional.empty();
    }

    /**
     * Compares the sites at the other site's first member ({@code GET /grid/verify}), asking once a second until
     * they match (a write still on its way between them counts as a difference), then reads every key at each site
     * through RESP on its own (no failover); holds if the digests match and both sites hold every key with its value.
     */
    Optional<String> compare() throws InterruptedException {
        Optional<String> differ = verify();
        if (differ.isPresent()) {
            return differ;
        }
        List<String> problems = new ArrayList<>();
        for (String site : List.of(home, away)) {
            try (FailoverClient one = client().site(site, resp(site)).build()) {
                Optional<String> failure = each(i -> one.get(key(i)).thenApply(r -> r.equals(Optional.of(value(i)))));
                failure.ifPresent(why -> problems.add(site + ": " + why));
            }
        }
        if (!problems.isEmpty()) {
            return Optional.of(String.join("; ", problems));
        }
        print.accept(String.format("%s and %s hold the same %,d keys and values (every key read at each site "
                + "through RESP)", home, away, KEYS));
        return Optional.empty();
    }

    /** Asks the other site's first member to compare with home until no segment differs; why not, if never. */
    private Optional<String> verify() throws InterruptedException {
        DemoMember at = demo.plan().members().stream().filter(member -> member.site().equals(away)).findFirst()
                .orElseThrow();
        AtomicReference<SiteComparison> last = new AtomicReference<>();
        Optional<SiteComparison> same;
        try {
            same = Polling.poll(stepTimeout, VERIFY_EVERY, () -> verifyAt(at).map(comparison -> {
                last.set(comparison);
                return comparison;
            }).filter(SiteComparison::same));
        } catch (UncheckedIOException e) {
            return Optional.of("verify at " + at.name() + " failed: " + e.getCause().getMessage());
        }
        if (same.isEmpty()) {
            SiteComparison differ = last.get();
            return Optional.of(differ == null ? "verify at " + at.name() + " had no answer within " + seconds()
                    : String.format("%s and %s still differ in %d of %d segments after %s (%s): xsite grid repair %s "
                    + "would send them", away, home, differ.differences().size(), differ.segments(), seconds(),
                    differ.differences(), home));
        }
        print.accept(String.format("GET /grid/verify?site=%s at %s (xsite grid verify %s --port %d): %s and %s hold "
                        + "the same values (%d segments, %,d keys)", home, at.name(), home, at.adminPort(), away, home,
                same.get().segments(), same.get().keys()));
        return Optional.empty();
    }

    /** Waits until the client has returned home by itself. */
    Optional<String> returnHome() throws InterruptedException {
        Optional<FailoverEvent> back = Polling.poll(stepTimeout, () -> switches.stream()
                .filter(e -> e.reason() == SwitchReason.FAIL_BACK && e.to().equals(home)).findFirst());
        if (back.isEmpty()) {
            return Optional.of("the client is still at " + client.activeSite() + " after " + seconds());
        }
        print.accept("the client reports: back at " + home + " (" + back.get().detail() + ")");
        return client.get(key(0)).thenApply(read -> read.equals(Optional.of(value(0)))).join()
                ? Optional.empty() : Optional.of("a read at " + home + " after the return differs");
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * Runs {@code operation} for every key, at most {@link #IN_FLIGHT} at once, all within the step timeout;
     * empty if each answered true, else how many did not and the first failure.
     */
    private Optional<String> each(IntFunction<CompletableFuture<Boolean>> operation) throws InterruptedException {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Boolean>> results = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            if (!window.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                return Optional.of("only " + i + " of " + KEYS + " keys were sent within " + seconds());
            }
            results.add(operation.apply(i).whenComplete((ok, failure) -> window.release()));
        }
        int wrong = 0;
        String first = null;
        for (CompletableFuture<Boolean> result : results) {
            try {
                if (!result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    wrong++;
                    first = first != null ? first : "a value differs";
                }
            } catch (ExecutionException | TimeoutException e) {
                wrong++;
                first = first != null ? first : e instanceof TimeoutException ? "no answer within " + seconds()
                        : e.getCause().getMessage();
            }
        }
        return wrong == 0 ? Optional.empty() : Optional.of(wrong + " of " + KEYS + " keys failed (first: " + first + ")");
    }

    /**
     * The entry for backup site {@code to} in the {@code /grid/status} of each of {@code site}'s members, one per
     * member and cache; empty until every member answers.
     */
    private Optional<List<JsonNode>> backupsTo(String site, String to) {
        return admin.statuses(site).filter(members -> members.size() == demo.plan().site(site).size())
                .map(members -> {
                    List<JsonNode> backups = new ArrayList<>();
                    for (JsonNode member : members) {
                        for (JsonNode cache : member.path("caches")) {
                            for (JsonNode backup : cache.path("backups")) {
                                if (backup.path("site").asText().equals(to)) {
                                    backups.add(backup);
                                }
                            }
                        }
                    }
                    return backups;
                });
    }

    /** Whether a backup site's status says a push to it ended and nothing is owed to it. */
    private static boolean pushedAndDrained(JsonNode backup) {
        return backup.path("push").path("done").asBoolean(false) && backup.path("pendingKeys").asLong(-1) == 0
                && !backup.path("state").asText().equals("pushing");
    }

    /** The verify at {@code at}, or empty while it cannot tell; an unreachable endpoint ends the wait. */
    private Optional<SiteComparison> verifyAt(DemoMember at) {
        try {
            return admin.verify(at, home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether a member's grid status says it writes and no segment of any cache is moving or lost. */
    private static boolean atRest(JsonNode status) {
        if (!status.path("writable").asBoolean()) {
            return false;
        }
        for (JsonNode cache : status.path("caches")) {
            if (cache.path("rebalancing").asBoolean() || cache.path("segmentsToFetch").asInt() != 0
                    || cache.path("segmentsWithoutOwners").asInt() != 0) {
                return false;
            }
        }
        return true;
    }

    private String seconds() {
        return stepTimeout.toSeconds() + "s";
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private static String key(int i) {
        return String.format("demo:%05d", i);
    }

    private static String value(int i) {
        return "value " + i;
    }
}
