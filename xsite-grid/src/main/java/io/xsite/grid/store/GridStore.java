package io.xsite.grid.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.member.Member;
import io.xsite.core.membership.View;
import io.xsite.grid.BackupAction;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.ClientTopology;
import io.xsite.grid.Grid;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridException;
import io.xsite.grid.GridStatus;
import io.xsite.grid.SiteComparison;
import io.xsite.grid.SiteRepair;
import io.xsite.grid.xsite.SiteLink;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid's store on one member of a site: every configured cache, replicated to its owners in the site
 * over the member's messages (docs/design.md, "Grid"). Start it on every member of the site, right after the
 * member; close it before the member.
 *
 * <pre>{@code
 * try (Member member = Member.start(config); GridStore grid = GridStore.start(member, GridConfig.defaults())) {
 *     GridCache cache = grid.cache("default").orElseThrow();
 *     cache.put(key, value).join();
 * }
 * }</pre>
 *
 * <p>Threads: every method is thread-safe. The grid's state lives on one thread: its own, the relay thread of a
 * {@link SiteLink} that has one, or the member's own loop ({@link #start(Member, GridConfig, MeterRegistry,
 * EventLoop)}); the futures of {@link GridCache} complete there, so their callbacks must not block. The grid's
 * messages carry the {@code xsite-grid} header: other message listeners of the member should ignore them.
 *
 * <p>Per view: each member tells the others its lineage and the segments it carried over
 * ({@link GridMessage.ViewState}); once it heard every member of the view, the view is <em>settled</em>
 * and each cache decides what to fetch ({@link CacheReplica#onSettled}).
 */
public final class GridStore implements Grid {
    private static final Logger log = LoggerFactory.getLogger(GridStore.class);

    private final Member member;
    private final UuidAddress self;
    private final String logName;
    private final GridThread thread;
    private final GridMessenger messenger;
    private final GridMetrics metrics;
    private final MeterRegistry registry;
    private final Quorum quorum = new Quorum();
    private final Map<String, CacheReplica> replicas = new LinkedHashMap<>();
    private final Map<String, GridCache> caches = new LinkedHashMap<>();
    private final OperationRouter router;
    private final SiteExchange sites;
    /** Verify and repair against other sites; null without a link. */
    private final SiteVerify verify;
    private final StoreSettings settings;
    private final ClientDirectory clients;
    private final HybridClock clock;
    /**
     * Per state transfer another site sends this member as its site master (origin site, cache and push id):
     * the epoch, this member's HLC time when the first chunk arrived. Keys written here later survive the push.
     */
    private final Map<String, Long> pushEpochs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_PUSH_EPOCHS;
        }
    };
    /** Per member of the current view that reported: its view state. */
    private final Map<UuidAddress, GridMessage.ViewState> states = new HashMap<>();
    /** View states and view-bound requests for views this member has not installed yet. */
    private final List<Early> early = new ArrayList<>();
    private View view;
    private ViewStamp stamp;
    /** This member's lineage when the current view was installed, as its view states report it. */
    private long lineage;
    /** Whether the current view holds a majority of this member's last stable view, as its view states report it. */
    private boolean majority;
    /** The newest lineage this member had heard of when the current view was installed, as its view states report it. */
    private long heard;
    /**
     * The views this member installed from the last one it settled as writable on (that one first, the latest last;
     * at most {@link GridCodec#MAX_INSTALLED_VIEWS}, the first kept): whether it was in the newest lineage's view.
     */
    private final List<ViewStamp> sinceLineage = new ArrayList<>();
    /** {@link #sinceLineage} when the current view was installed, as its view states report it. */
    private List<ViewStamp> installedViews = List.of();
    private boolean settled;
    private boolean broadcastQueued;
    private volatile boolean closed;

    /** Most messages kept for views not installed yet; a member whose views run far ahead loses the oldest. */
    private static final int MAX_EARLY = 100_000;
    /** State transfers whose epochs are remembered; the oldest is forgotten (a push takes minutes at most). */
    private static final int MAX_PUSH_EPOCHS = 64;

    private record Early(UuidAddress from, ViewStamp view, GridMessage message) {
    }

    private GridStore(Member member, GridConfig config, MeterRegistry registry, StoreSettings settings,
                      LongSupplier wallMillis, SiteLink link, EventLoop memberLoop) {
        this.member = member;
        this.self = member.address();
        this.logName = member.cluster() + "/" + member.name();
        this.registry = registry;
        Optional<EventLoop> shared = memberLoop != null ? Optional.of(memberLoop)
                : link == null ? Optional.empty() : link.thread();
        this.thread = shared.map(GridThread::on).orElseGet(() -> GridThread.own(logName));
        this.messenger = new GridMessenger(member, thread, this::receive);
        this.metrics = new GridMetrics(registry);
        this.settings = settings;
        this.clients = new ClientDirectory(self);
        this.sites = link == null ? null : new SiteExchange(link, thread, logName, this::onSiteBackup,
                this::onSitePush, this::onSiteRequest);
        this.clock = new HybridClock(wallMillis);
        for (CacheConfig cache : config.caches()) {
            CacheReplica replica = new CacheReplica(cache, self, logName, messenger, thread, settings, clock, wallMillis,
                    metrics.cache(cache.name()), this::queueBroadcast,
                    new SiteBackups(cache, logName, sites, metrics, wallMillis,
                            site -> toOthers(new GridMessage.StopTracking(cache.name(), site))));
            replicas.put(cache.name(), replica);
        }
        this.verify = sites == null ? null : new SiteVerify(self, logName, thread, messenger, sites, settings,
                wallMillis, replicas::get, () -> view == null ? List.of() : view.members());
        this.router = new OperationRouter(self, thread, messenger, settings, metrics, () -> quorum.writable()
                && view != null);
        replicas.values().forEach(replica -> caches.put(replica.name(), new StoreCache(replica, router, thread,
                () -> view == null ? List.of(self) : view.members())));
        thread.scheduleRepeating(this::onTick, settings.sweepInterval().toMillis());
        // One sweep of deadlines: the requests first, so that an operation whose forwarded request timed out is
        // retried, and finds its own deadline passed, rather than waiting for the next sweep.
        thread.scheduleRepeating(() -> {
            messenger.expire();
            router.expire();
        }, GridMessenger.SWEEP_MILLIS);
        if (sites != null) {
            thread.scheduleRepeating(() -> replicas.values().forEach(CacheReplica::tickSites),
                    settings.backupInterval().toMillis());
        }
    }

    /** Starts the grid on {@code member}, with meters in a registry of its own ({@link #meterRegistry()}). */
    public static GridStore start(Member member, GridConfig config) {
        return start(member, config, ownRegistry(member));
    }

    /** As {@link #start(Member, GridConfig, MeterRegistry, SiteLink)}, with meters in a registry of its own. */
    public static GridStore start(Member member, GridConfig config, SiteLink link) {
        return start(member, config, ownRegistry(member), link);
    }

    /** Starts the grid on {@code member}, with its meters in {@code registry}. */
    public static GridStore start(Member member, GridConfig config, MeterRegistry registry) {
        return start(member, config, registry, StoreSettings.DEFAULTS, System::currentTimeMillis, null);
    }

    /**
     * Starts the grid on {@code member} of a site that reaches the other sites over {@code link}: the caches'
     * backups go there, and the other sites' come in (grid.md, "Between sites"). Every member of the site
     * needs the link (any of them may be a key's primary, or the site master other sites send to).
     */
    public static GridStore start(Member member, GridConfig config, MeterRegistry registry, SiteLink link) {
        return start(member, config, registry, StoreSettings.DEFAULTS, System::currentTimeMillis,
                Objects.requireNonNull(link, "link"));
    }

    /**
     * As {@link #start(Member, GridConfig, MeterRegistry)}, on {@code memberLoop}: the event loop {@code member}
     * runs on and calls back on ({@code Member.start(config, loop, loop)}). A grid message is then read, handled
     * and answered on one thread, and a RESP request too ({@link #clientLoop()}): no hand-off between the
     * member, its listeners and the grid, each of which wakes a thread.
     */
    public static GridStore start(Member member, GridConfig config, MeterRegistry registry, EventLoop memberLoop) {
        return start(member, config, registry, StoreSettings.DEFAULTS, System::currentTimeMillis, null,
                Objects.requireNonNull(memberLoop, "memberLoop"));
    }

    private static MeterRegistry ownRegistry(Member member) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("cluster", member.cluster(), "member", member.name());
        return registry;
    }

    static GridStore start(Member member, GridConfig config, MeterRegistry registry, StoreSettings settings,
                           LongSupplier wallMillis, SiteLink link) {
        return start(member, config, registry, settings, wallMillis, link, null);
    }

    private static GridStore start(Member member, GridConfig config, MeterRegistry registry, StoreSettings settings,
                                   LongSupplier wallMillis, SiteLink link, EventLoop memberLoop) {
        GridStore store = new GridStore(Objects.requireNonNull(member, "member"), Objects.requireNonNull(config),
                Objects.requireNonNull(registry), settings, wallMillis, link, memberLoop);
        member.addMessageListener(store.messenger::onMessage);
        member.addViewListener(installed -> store.thread.execute(() -> store.onView(installed)));
        View current = member.view();
        if (current != null) {
            store.thread.execute(() -> store.onView(current));
        }
        log.info("[{}] grid started: caches {}", store.logName, config.caches());
        return store;
    }

    /** The registry the grid's meters are in (Prometheus text for {@code /metrics} when it made its own). */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public Optional<GridCache> cache(String name) {
        return Optional.ofNullable(caches.get(name));
    }

    @Override
    public Set<String> cacheNames() {
        return caches.keySet();
    }

    @Override
    public GridStatus status() {
        CompletableFuture<GridStatus> status = new CompletableFuture<>();
        thread.execute(() -> {
            Map<UuidAddress, String> names = new HashMap<>();
            if (view != null) {
                view.members().forEach(m -> names.put(m, m.name() == null ? m.toString() : m.name()));
            }
            status.complete(new GridStatus(member.name(), member.site(), quorum.writable() && view != null,
                    replicas.values().stream().map(r -> r.status(names)).toList()));
        });
        return status.orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Override
    public void advertise(InetSocketAddress resp) {
        InetSocketAddress endpoint = resp.getAddress() != null && resp.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(member.physicalAddress().getAddress(), resp.getPort()) : resp;
        thread.execute(() -> {
            if (clients.learn(self, endpoint)) {
                log.info("[{}] grid: RESP clients are sent to {}", logName, endpoint);
                clients.publish(replicas.values());
                queueBroadcast();
            }
        });
    }

    @Override
    public Optional<ClientTopology> topology(String cache) {
        return clients.topology(cache);
    }

    @Override
    public Optional<EventLoop> clientLoop() {
        return Optional.of(thread.loop());
    }

    @Override
    public CompletableFuture<SiteComparison> verify(String site, String cache) {
        return verify == null ? Grid.super.verify(site, cache) : onThreadLater(() -> verify.verify(site, cache));
    }

    @Override
    public CompletableFuture<SiteRepair> repair(String site, String cache) {
        return verify == null ? Grid.super.repair(site, cache) : onThreadLater(() -> verify.repair(site, cache));
    }

    /** Starts {@code task} on the grid thread; its result completes there. */
    private <T> CompletableFuture<T> onThreadLater(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        thread.execute(() -> task.get().whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure);
            } else {
                result.complete(value);
            }
        }));
        return result;
    }

    /**
     * Asks every member of the view, itself included, to apply {@code action} ({@link SiteBackups#control}); a
     * bring-online or push-state names one push id for all, so the receiving site takes one epoch for them.
     */
    @Override
    public CompletableFuture<String> changeBackup(String cache, String site, BackupAction action) {
        CacheReplica replica = replicas.get(cache);
        if (replica == null || !replica.hasBackup(site)) {
            return CompletableFuture.failedFuture(new GridException(GridException.Reason.BAD_REQUEST,
                    replica == null ? "no cache " + cache + " (caches: " + replicas.keySet() + ")"
                            : "cache " + cache + " has no backup site " + site));
        }
        CompletableFuture<String> outcome = new CompletableFuture<>();
        thread.execute(() -> {
            long pushId = clock.now();
            List<UuidAddress> members = view == null ? List.of(self) : view.members();
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (UuidAddress m : members) {
                String name = m.name() == null ? m.toString() : m.name();
                if (m.equals(self)) {
                    answers.add(CompletableFuture.completedFuture(name + ": "
                            + replica.controlBackup(site, action, pushId)));
                } else {
                    answers.add(messenger.request(m, id -> new GridMessage.BackupControl(id, cache, site, action,
                            pushId), settings.requestTimeout()).handle((reply, failure) -> name + ": "
                            + (reply instanceof GridMessage.BackupControlReply done ? done.outcome() : "no answer")));
                }
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenRun(() -> {
                String lines = answers.stream().map(CompletableFuture::join).collect(Collectors.joining("\n"));
                log.info("[{}] cache {}: {} {} on every member:\n{}", logName, cache, action.label(), site, lines);
                outcome.complete(lines);
            });
        });
        return outcome;
    }

    /**
     * Whether this member's part of the grid is at rest: the view settled, every owned segment is ready and no
     * copy of another member's segment is left. For tests and operators waiting for a rebalance to end.
     */
    public boolean balanced() {
        return onThread(() -> settled && replicas.values().stream().allMatch(CacheReplica::balanced));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        boolean queued = thread.execute(() -> {
            // Answers first (writes being copied, operations waiting for a segment, this member's own
            // operations), then the notice to the other members, which fail what they still asked of this one.
            replicas.values().forEach(CacheReplica::close);
            router.close();
            if (sites != null) {
                sites.close();
            }
            messenger.close(view == null ? List.of() : view.members().stream().filter(m -> !m.equals(self)).toList());
            stopped.complete(null);
        });
        if (!queued) {
            stopped.complete(null);
        }
        stopped.completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
        thread.close();
        log.info("[{}] grid stopped", logName);
    }

    /** Runs {@code query} on the grid thread and waits for it (tests and status). */
    <T> T onThread(java.util.function.Supplier<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        thread.execute(() -> result.complete(query.get()));
        return result.orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The replica of {@code cache} (tests read copies through it, on the grid thread). */
    CacheReplica replica(String cache) {
        return replicas.get(cache);
    }

    // ---- views ---------------------------------------------------------------------------------------------

    private void onView(View installed) {
        if (closed || (view != null && !installed.id().isNewerThan(view.id()))) {
            return;
        }
        View previous = view;
        view = installed;
        stamp = ViewStamp.of(installed.id());
        messenger.onView(installed);
        lineage = quorum.lineage();
        heard = quorum.heardLineage();
        sinceLineage.add(stamp);
        if (sinceLineage.size() > GridCodec.MAX_INSTALLED_VIEWS) {
            sinceLineage.remove(1);
        }
        installedViews = List.copyOf(sinceLineage);
        majority = quorum.install(installed);
        boolean writable = majority;
        metrics.writable(writable);
        settled = false;
        states.clear();
        replicas.values().forEach(replica -> replica.onViewInstalled(installed, stamp, writable));
        clients.retain(installed.members());
        clients.publish(replicas.values());
        log.info("[{}] grid in view {} ({} members, {}){}", logName, installed.id(), installed.size(),
                writable ? "holds a majority of the last stable view" : "NOT writable: no majority of the last stable view",
                previous == null ? "" : ", joined " + installed.diff(previous).joined().size() + ", left "
                        + installed.diff(previous).left().size());
        GridMessage.ViewState mine = viewState();
        states.put(self, mine);
        installed.members().stream().filter(m -> !m.equals(self)).forEach(m -> messenger.send(m, mine));
        replayEarly();
        settleIfComplete();
    }

    private void onViewState(UuidAddress from, GridMessage.ViewState state) {
        quorum.heard(state.lineage());
        if (!state.view().equals(stamp)) {
            if (stamp == null || state.view().after(stamp)) {
                keepEarly(new Early(from, state.view(), state));
            }
            return;
        }
        states.put(from, state);
        if (state.client().isPresent() && clients.learn(from, state.client().get())) {
            clients.publish(replicas.values());
        }
        replicas.forEach((name, replica) -> replica.onReadyOf(from, state.ready().getOrDefault(name, new BitSet())));
        settleIfComplete();
    }

    private void settleIfComplete() {
        if (settled || view == null || !states.keySet().containsAll(view.members())) {
            return;
        }
        settled = true;
        quorum.settle(view, states.values());
        metrics.writable(quorum.writable());
        if (quorum.writable()) {
            sinceLineage.clear();
            sinceLineage.add(stamp);
        }
        if (majority && !quorum.writable()) {
            log.info("[{}] grid: view {} is NOT writable: a member holds no majority of its last stable view, or "
                    + "none has written in this site yet though one heard of an earlier writable view", logName,
                    view.id());
        }
        long newest = states.values().stream().mapToLong(GridMessage.ViewState::lineage).max().orElse(0);
        // None when no member ever had a writable view: there is no data to fetch.
        Set<UuidAddress> newestCopies = Quorum.newestCopies(states);
        List<UuidAddress> sources = view.members().stream()
                .filter(m -> !m.equals(self) && newestCopies.contains(m)).toList();
        boolean stale = !newestCopies.isEmpty() && !newestCopies.contains(self);
        boolean divergent = Quorum.divergent(states);
        if (divergent) {
            log.warn("[{}] grid: view {} joins members that wrote apart (each side a new site); every segment is "
                    + "merged from all their copies", logName, view.id());
        }
        if (stale && lineage > 0 && quorum.writable()) {
            log.info("[{}] grid: this member missed writes (lineage {} < {}); it drops its copies and fetches",
                    logName, lineage, newest);
        }
        replicas.forEach((name, replica) -> {
            Map<UuidAddress, BitSet> carrying = new HashMap<>();
            states.forEach((m, state) -> {
                if (newestCopies.contains(m) && !divergent) {
                    carrying.put(m, state.carried().getOrDefault(name, new BitSet()));
                }
            });
            replica.onSettled(quorum.writable(), stale, sources, carrying);
        });
        queueBroadcast();
    }

    /**
     * Sweeps, and repeats this member's view state while the view is not settled: a member whose grid started
     * after it joined did not hear the states the others sent before.
     */
    private void onTick() {
        replicas.values().forEach(CacheReplica::sweep);
        if (view != null && !settled) {
            queueBroadcast();
        }
    }

    /** Sends this member's view state to the others soon, once for any number of readiness changes. */
    private void queueBroadcast() {
        if (broadcastQueued) {
            return;
        }
        broadcastQueued = true;
        thread.schedule(() -> {
            broadcastQueued = false;
            if (view == null) {
                return;
            }
            GridMessage.ViewState mine = viewState();
            states.put(self, mine);
            view.members().stream().filter(m -> !m.equals(self)).forEach(m -> messenger.send(m, mine));
        }, 10, TimeUnit.MILLISECONDS);
    }

    private GridMessage.ViewState viewState() {
        Map<String, BitSet> carried = new LinkedHashMap<>();
        Map<String, BitSet> ready = new LinkedHashMap<>();
        replicas.forEach((name, replica) -> {
            carried.put(name, replica.carried());
            ready.put(name, replica.ready());
        });
        return new GridMessage.ViewState(stamp, lineage, heard, majority, installedViews, carried, ready, clients.own());
    }

    private void replayEarly() {
        List<Early> due = new ArrayList<>();
        for (Iterator<Early> it = early.iterator(); it.hasNext(); ) {
            Early message = it.next();
            if (!message.view().after(stamp)) {
                it.remove();
                due.add(message);
            }
        }
        due.forEach(message -> receive(message.from(), message.message()));
    }

    // ---- messages ------------------------------------------------------------------------------------------

    private void receive(UuidAddress from, GridMessage message) {
        if (closed) {
            return;
        }
        if (message instanceof GridMessage.ViewState state) {
            onViewState(from, state);
        } else if (message instanceof GridMessage.Operate operate) {
            CacheReplica replica = operated(from, operate.requestId(), operate.cache());
            if (replica != null) {
                replica.executeAsPrimary(StoredKey.of(operate.key()), operate.writeId(), operate.write(),
                        deadline(operate.remainingMillis()), new Forwarded(from, operate.requestId()),
                        answer -> messenger.send(from, new GridMessage.OperateReply(operate.requestId(), answer)));
            }
        } else if (message instanceof GridMessage.PutAll putAll) {
            CacheReplica replica = operated(from, putAll.requestId(), putAll.cache());
            if (replica != null) {
                replica.putAllAsPrimary(putAll.items(), deadline(putAll.remainingMillis()),
                        new Forwarded(from, putAll.requestId()),
                        answer -> messenger.send(from, new GridMessage.OperateReply(putAll.requestId(), answer)));
            }
        } else if (message instanceof GridMessage.Copy copy) {
            if (later(from, copy.view(), copy)) {
                return;
            }
            CacheReplica replica = replicas.get(copy.cache());
            GridMessage.CopyAck ack = replica == null || !copy.view().equals(stamp)
                    ? new GridMessage.CopyAck(copy.requestId(), false) : replica.onCopy(from, copy);
            messenger.send(from, ack);
            if (ack.applied() && copy.answers() != 0) {
                // Every owner holds the write now: the client's operation this member forwarded is answered.
                messenger.replied(from, new GridMessage.OperateReply(copy.answers(),
                        new GridMessage.Answer.Written(copy.answer())));
            }
        } else if (message instanceof GridMessage.Fetch fetch) {
            if (later(from, fetch.view(), fetch)) {
                return;
            }
            CacheReplica replica = replicas.get(fetch.cache());
            if (replica == null) {
                messenger.send(from, new GridMessage.FetchReply(fetch.requestId(), true, List.of(), -1, Map.of()));
                return;
            }
            replica.onFetch(from, fetch, reply -> messenger.send(from, reply));
        } else if (message instanceof GridMessage.Merge merge) {
            CacheReplica replica = replicas.get(merge.cache());
            if (replica == null) {
                messenger.send(from, new GridMessage.MergeReply(merge.requestId(), false));
                return;
            }
            replica.merge(merge.fromSite(), merge.entries(),
                    applied -> messenger.send(from, new GridMessage.MergeReply(merge.requestId(), applied)));
        } else if (message instanceof GridMessage.Acknowledged acknowledged) {
            CacheReplica replica = replicas.get(acknowledged.cache());
            if (replica != null) {
                replica.onAcknowledged(acknowledged.site(), acknowledged.versions());
            }
        } else if (message instanceof GridMessage.BackupControl control) {
            CacheReplica replica = replicas.get(control.cache());
            String outcome = replica == null || !replica.hasBackup(control.site()) ? "no such backup site"
                    : replica.controlBackup(control.site(), control.action(), control.pushId());
            messenger.send(from, new GridMessage.BackupControlReply(control.requestId(), outcome));
        } else if (message instanceof GridMessage.StopTracking stop) {
            CacheReplica replica = replicas.get(stop.cache());
            if (replica != null) {
                replica.stopTracking(stop.site());
            }
        } else if (message instanceof GridMessage.PushRange push) {
            CacheReplica replica = replicas.get(push.cache());
            if (replica == null) {
                messenger.send(from, new GridMessage.MergeReply(push.requestId(), false));
                return;
            }
            replica.mergeRange(push, applied -> messenger.send(from, new GridMessage.MergeReply(push.requestId(),
                    applied)));
        } else if (message instanceof GridMessage.Count count) {
            CacheReplica replica = replicas.get(count.cache());
            messenger.send(from, new GridMessage.CountReply(count.requestId(),
                    replica == null ? 0 : replica.primaryValues()));
        } else if (message instanceof GridMessage.Digests || message instanceof GridMessage.Push) {
            if (verify != null) {
                verify.onMemberRequest(from, (GridMessage.Request) message);
            }
        } else if (message instanceof GridMessage.Scan scan) {
            CacheReplica replica = replicas.get(scan.cache());
            if (replica == null) {
                messenger.send(from, new GridMessage.ScanReply(scan.requestId(), false, List.of(), -1));
                return;
            }
            replica.scan(scan, reply -> messenger.send(from, reply));
        }
    }

    /** The cache a forwarded operation names; null once {@code from} was told there is no such cache. */
    private CacheReplica operated(UuidAddress from, long requestId, String cache) {
        CacheReplica replica = replicas.get(cache);
        if (replica == null) {
            messenger.send(from, new GridMessage.OperateReply(requestId, new GridMessage.Answer.Failed(
                    GridException.Reason.BAD_REQUEST, "no cache " + cache)));
        }
        return replica;
    }

    /** The deadline of a forwarded operation whose client waits {@code remainingMillis} more. */
    private static long deadline(long remainingMillis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(remainingMillis);
    }

    /**
     * Another site's backup, sent to this member as its site master: each entry goes to its key's primary here,
     * and the other site hears once all merged it (or that one did not: it sends them again later).
     */
    private void onSiteBackup(UuidAddress from, GridMessage.SiteBackup backup) {
        CacheReplica replica = replicas.get(backup.cache());
        if (closed || replica == null || view == null || !quorum.writable()) {
            sites.reply(from, backup.requestId(), false);
            return;
        }
        Map<UuidAddress, List<Map.Entry<StoredKey, StoredEntry>>> byPrimary = new LinkedHashMap<>();
        for (Map.Entry<StoredKey, StoredEntry> e : backup.entries()) {
            byPrimary.computeIfAbsent(replica.primaryOf(e.getKey()), p -> new ArrayList<>()).add(e);
        }
        List<CompletableFuture<Boolean>> parts = new ArrayList<>();
        byPrimary.forEach((primary, entries) -> {
            if (primary.equals(self)) {
                CompletableFuture<Boolean> part = new CompletableFuture<>();
                replica.merge(from.site(), entries, part::complete);
                parts.add(part);
            } else {
                parts.add(messenger.request(primary, id -> new GridMessage.Merge(id, backup.cache(), from.site(),
                        entries), settings.requestTimeout()).handle((reply, failure) -> failure == null
                        && reply instanceof GridMessage.MergeReply merged && merged.applied()));
            }
        });
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) ->
                sites.reply(from, backup.requestId(), parts.stream().allMatch(CompletableFuture::join)));
    }

    /** Another site's request other than a backup, sent to this member as its site master. */
    private void onSiteRequest(UuidAddress from, GridMessage.Request request) {
        if (!closed) {
            verify.onSiteRequest(from, request);
        }
    }

    /**
     * A chunk of another site's state transfer, sent to this member as its site master: the segment's primary
     * here applies it ({@link CacheReplica#mergeRange}) with the push's epoch, taken when its first chunk came.
     */
    private void onSitePush(UuidAddress from, GridMessage.SitePush push) {
        CacheReplica replica = replicas.get(push.cache());
        if (closed || replica == null || view == null || !quorum.writable() || push.segments() != replica.segments()) {
            if (replica != null && push.segments() != replica.segments()) {
                log.warn("[{}] cache {}: state transfer from {} has {} segments, this site {}; refused", logName,
                        push.cache(), from.site(), push.segments(), replica.segments());
            }
            sites.reply(from, push.requestId(), false);
            return;
        }
        String transfer = from.site() + "/" + push.cache() + "/" + push.pushId();
        Long known = pushEpochs.get(transfer);
        long epoch = known != null ? known : clock.now();
        if (known == null) {
            pushEpochs.put(transfer, epoch);
            log.info("[{}] cache {}: state transfer {} from {} begins; keys written here from now on stay", logName,
                    push.cache(), push.pushId(), from.site());
        }
        LongFunction<GridMessage.PushRange> range = id -> new GridMessage.PushRange(id, push.cache(), from.site(),
                epoch, push.segment(), push.from(), push.next(), push.entries());
        UuidAddress primary = replica.primaryOf(push.segment());
        if (primary.equals(self)) {
            replica.mergeRange(range.apply(0), applied -> sites.reply(from, push.requestId(), applied));
            return;
        }
        messenger.request(primary, range::apply, settings.requestTimeout()).whenComplete((reply, failure) ->
                sites.reply(from, push.requestId(), failure == null && reply instanceof GridMessage.MergeReply merged
                        && merged.applied()));
    }

    /** Sends {@code message} to every other member of the view. */
    private void toOthers(GridMessage message) {
        if (view != null) {
            view.members().stream().filter(m -> !m.equals(self)).forEach(m -> messenger.send(m, message));
        }
    }

    /** Keeps a request bound to a view this member has not installed yet; true if kept. */
    private boolean later(UuidAddress from, ViewStamp bound, GridMessage message) {
        if (stamp == null || bound.after(stamp)) {
            keepEarly(new Early(from, bound, message));
            return true;
        }
        return false;
    }

    private void keepEarly(Early message) {
        if (early.size() >= MAX_EARLY) {
            early.remove(0);
        }
        early.add(message);
    }
}
