package io.xsite.relay;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.net.admin.AdminServer;
import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.member.MessageListener;
import io.xsite.core.member.RequestHandler;
import io.xsite.core.membership.View;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.loop.EventLoops;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.internal.bridge.BridgeMember;
import io.xsite.relay.internal.bridge.RouterState;
import io.xsite.relay.page.LivePage;
import io.xsite.relay.page.NodeStatus;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.sealing.SiteSealingKeys;
import io.xsite.relay.topology.SiteView;
import io.xsite.relay.internal.topology.TopologyJson;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of one cluster spanning several sites. Locally it is a {@link Member} of its site's cluster;
 * while it is one of the site's site masters it also joins the configured bridges and relays traffic
 * between sites. Every address carries its site, so a member anywhere, a site's current site master
 * ({@link UuidAddress#siteMaster(String)}), every member of one site or everyone everywhere can be
 * addressed, and replies find their way back.
 *
 * <pre>{@code
 * try (RelayNode node = RelayNode.start(config)) {
 *     node.addMessageListener(m -> System.out.println(m.sender() + ": " + new String(m.payload(), UTF_8)));
 *     node.sendToAll("hello".getBytes(UTF_8));
 * }
 * }</pre>
 *
 * <p>Threads: all methods are thread-safe. The node runs on one relay thread, an event loop of its own:
 * the local member, its connections, the bridge members and the relay state all live there, so that a
 * relayed message changes threads only between nodes. Relay listeners, message listeners, the request
 * handler and the futures of calls run there too, for messages from every site: do not block them.
 */
public final class RelayNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayNode.class);
    /**
     * The smallest envelope a relay node's members keep in the received buffer: below it, copying the bytes
     * costs less than the slice and its reference counts (acknowledgements, small lone messages).
     */
    static final int KEPT_ENVELOPE_BYTES = 1024;

    private final RelayConfig config;
    private final Member member;
    /**
     * The relay thread: a one-thread event loop for its lock-free task queue. Every relayed message crosses
     * it, and a scheduled thread pool locked and signalled per task, more than the relaying itself cost.
     */
    private final EventLoopGroup relayLoop;
    private final EventLoop thread;
    /**
     * Whether a close began, and when it ended: the application may close from any of its threads and from a
     * listener at once; one of them closes, the others (but a listener) wait for it.
     */
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final RelayListeners listeners = new RelayListeners();
    private final RelayEngine engine;
    private final AdminServer admin;
    /** Stops following the site certificate's rotation; nothing to stop without TLS. */
    private final Runnable stopRenewals;

    private RelayNode(RelayConfig config, AdminAccess adminAccess) {
        this.config = config;
        this.relayLoop = EventLoops.create("xsite-relay-" + config.site() + "/" + config.member().name(), 1);
        this.thread = relayLoop.next();
        RelayMetrics metrics = new RelayMetrics(config.site(), config.member().name());
        // The whole node on its relay thread: the local member (its connections too), the bridge members and
        // the relay engine. A relayed message then crosses no thread inside a node.
        this.member = Member.start(config.member(), thread, thread);
        this.engine = new RelayEngine(config, member, thread, listeners, metrics);
        member.setRequestHandler(listeners::handle);
        member.addMessageListener(engine::onLocalMessage);
        member.addViewListener(engine::onLocalView);
        long tick = config.tickInterval().toNanos();
        thread.scheduleAtFixedRate(engine::onTick, tick, tick, java.util.concurrent.TimeUnit.NANOSECONDS);
        this.stopRenewals = followRotation(config);
        this.admin = config.adminPort() < 0 ? null : AdminServer.start(
                new InetSocketAddress(config.member().tcp().bind().getAddress(), config.adminPort()),
                withLivePage(adminRoutes(metrics), metrics), adminAccess, metrics.registry(), Optional.empty());
    }

    /** Starts a node: its local member joins the site; it joins the bridges once it is a site master. */
    public static RelayNode start(RelayConfig config) {
        return start(config, AdminAccess.OPEN);
    }

    /** As {@link #start(RelayConfig)}, with its admin endpoint guarded by {@code adminAccess}. */
    public static RelayNode start(RelayConfig requested, AdminAccess adminAccess) {
        RelayConfig config = keepingEnvelopes(withSealingFromTls(requested));
        RelayNode node = new RelayNode(config, Objects.requireNonNull(adminAccess, "adminAccess"));
        log.info("[{}/{}] relay node started (bridges {}, at most {} site masters, payloads between sites {})",
                config.site(), config.member().name(), config.bridges().stream().map(b -> b.name()).toList(),
                config.maxSiteMasters(), config.sealing().isPresent() ? "sealed" : "in clear");
        return node;
    }

    /**
     * {@code config} with its members (the local one, and the bridge members made from it) keeping received
     * envelopes of {@link #KEPT_ENVELOPE_BYTES} or more in the buffers they arrived in: a site master passes
     * them on to the next connection from there, instead of copying each into an array and out again. The
     * node reads its messages within its listener (its own listeners get a copied-out payload).
     */
    private static RelayConfig keepingEnvelopes(RelayConfig config) {
        MemberConfig member = config.member();
        return config.withMember(member.withDelivery(member.delivery().withKeptPayloadBytes(KEPT_ENVELOPE_BYTES)));
    }

    /**
     * {@code config} sealing payloads between sites with its site certificate when it has TLS material (its
     * member's, else a bridge's) and no other sealing keys were given: a site whose connections are secured
     * seals its payloads too.
     */
    private static RelayConfig withSealingFromTls(RelayConfig config) {
        ReloadingTls tls = siteTls(config);
        return tls == null || config.sealing().isPresent() ? config
                : config.withSealing(SiteSealingKeys.of(config.site(), tls.current()));
    }

    /** The site certificate's TLS material: the local member's, else the first bridge's own; null without TLS. */
    private static ReloadingTls siteTls(RelayConfig config) {
        return config.member().tls() != null ? config.member().tls() : config.bridges().stream()
                .map(BridgeConfig::tls).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * Has the sealing keys follow the site certificate when its TLS files are rotated (they came from there,
     * {@link #withSealingFromTls}): the new certificate is announced and payloads are sealed with the new key,
     * without a restart.
     */
    private Runnable followRotation(RelayConfig config) {
        ReloadingTls tls = siteTls(config);
        if (tls == null || config.sealing().isEmpty()) {
            return () -> { };
        }
        return tls.onReload(material -> thread.execute(
                () -> engine.renewSealing(SiteSealingKeys.of(config.site(), material))));
    }

    /** This node's address; it carries the site and the logical name. */
    public UuidAddress address() {
        return member.address();
    }

    /** This node's site. */
    public String site() {
        return config.site();
    }

    /** This node's logical name. */
    public String name() {
        return member.name();
    }

    /**
     * The member of the local site this node runs, for services that run on every member of a site with their
     * own messages (the grid). Its listeners run on the relay thread. Close the node, never the member.
     */
    public Member localMember() {
        return member;
    }

    /**
     * The relay thread, for a service of the node that keeps its state on one thread (the grid): run there, its
     * messages to and from the local member cross no thread. Its tasks must not block; the node shuts it down
     * when it closes.
     */
    public EventLoop relayThread() {
        return thread;
    }

    /** The view of the local site's cluster; null until joined. */
    public View localView() {
        return member.view();
    }

    /**
     * The admin endpoint's address: {@code /health}, {@code /ready}, {@code /view}, {@code /metrics},
     * {@code /topology}, and the live page ({@code /}, {@code /status}, {@code /events}, see {@link LivePage}).
     */
    public Optional<InetSocketAddress> adminAddress() {
        return Optional.ofNullable(admin).map(AdminServer::address);
    }

    /** Where the members of this node's site reach it. */
    public InetSocketAddress physicalAddress() {
        return member.physicalAddress();
    }

    /**
     * Serves {@code route} on {@code path} of this node's admin endpoint from now on, next to the member
     * routes and {@code /topology} (the probe adds {@code /probe}). Existing paths cannot be replaced.
     *
     * @return false, with nothing served, when the node has no admin endpoint (admin port -1)
     * @throws IllegalArgumentException if {@code path} is served already
     */
    public boolean addAdminRoute(String path, AdminRoute route) {
        if (admin == null) {
            return false;
        }
        admin.addRoute(path, route);
        return true;
    }

    /** The Prometheus text the admin endpoint's {@code /metrics} serves: the member's meters, then the relay's. */
    public String metricsText() {
        // The member's /metrics route reads its registry and answers at once, so join() does not wait.
        return adminRoutes(engine.metrics()).get("/metrics").answer().toCompletableFuture().join().body();
    }

    /** Every site that is up, by name: its members (name, address, physical address) and site masters. */
    public Map<String, SiteView> topology() {
        return engine.topology().snapshot();
    }

    /** Adds a listener for messages from any site (the sender's address carries its site). */
    public void addMessageListener(MessageListener listener) {
        listeners.add(listener);
    }

    /** Adds a listener for site up/down, member-unreachable, undelivered-message and site-master events. */
    public void addRelayListener(RelayListener listener) {
        listeners.add(listener);
    }

    /** Sets the handler that answers requests from any site. */
    public void setRequestHandler(RequestHandler handler) {
        listeners.handler(handler);
    }

    /**
     * Sends {@code payload} to {@code to}: a member of any site, or a site's current site master. Within this
     * site it completes when the member's reliable stream took it. To another site it completes when this
     * node's end-to-end stream to {@code to} accepted it, and fails when it did not (the site is down:
     * {@link SiteDownException}; too many messages wait for acknowledgements); an accepted message is delivered
     * once and in order, or counted in a {@link RelayListener#onUndelivered} event.
     */
    public CompletableFuture<Void> send(UuidAddress to, byte[] payload) {
        requireSite(to);
        return call(() -> to.site().equals(site())
                ? member.send(local(to), payload)
                : engine.send(new Destination.Member(to), AppPayload.message(payload)));
    }

    /**
     * Sends {@code payload} to every member of {@code site}; completes and fails as {@link #send} does. Each
     * member of the site delivers an accepted message once and in order, or a {@link RelayListener#onUndelivered}
     * event counts it for that member.
     */
    public CompletableFuture<Void> sendToSite(String site, byte[] payload) {
        return call(() -> site.equals(site()) ? member.sendToAll(payload)
                : engine.send(new Destination.Site(site), AppPayload.message(payload)));
    }

    /**
     * Sends {@code payload} to everyone: the local site and exactly one copy to each other site that is up
     * (relayed by the first site master of each site on the way).
     */
    public CompletableFuture<Void> sendToAll(byte[] payload) {
        return call(() -> {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            sends.add(member.sendToAll(payload));
            for (String other : engine.topology().upSites()) {
                if (!other.equals(site())) {
                    sends.add(engine.send(new Destination.Site(other), AppPayload.message(payload)));
                }
            }
            return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        });
    }

    /**
     * Asks {@code to} (a member of any site, or a site's site master); the replies hold its answer or why
     * there is none. A member of a site that is down is UNREACHABLE at once.
     */
    public CompletableFuture<Replies> request(UuidAddress to, byte[] payload, Duration timeout) {
        requireSite(to);
        return call(() -> to.site().equals(site()) ? member.request(local(to), payload, timeout)
                : remoteRequest(List.of(to), List.of(new Destination.Member(to)), payload, timeout));
    }

    /**
     * Asks every member of this node's site (itself included), and no other site: one outcome per member
     * of the local view.
     */
    public CompletableFuture<Replies> requestSite(byte[] payload, Duration timeout) {
        return call(() -> member.requestAll(payload, timeout));
    }

    /**
     * Asks every member of every site (this one included): one outcome per member known from the topology.
     * The members of a site that is down, or goes down while waiting, are UNREACHABLE at once.
     */
    public CompletableFuture<Replies> requestAll(byte[] payload, Duration timeout) {
        return call(() -> {
            List<UuidAddress> targets = new ArrayList<>();
            List<Destination> sites = new ArrayList<>();
            for (String other : engine.topology().knownSites()) {
                if (!other.equals(site())) {
                    engine.topology().view(other).ifPresent(v -> targets.addAll(v.addresses()));
                    sites.add(new Destination.Site(other));
                }
            }
            CompletableFuture<Replies> local = member.requestAll(payload, timeout);
            return remoteRequest(targets, sites, payload, timeout).thenCombine(local, (remote, here) -> {
                Map<UuidAddress, Reply> all = new LinkedHashMap<>(here.byTarget());
                all.putAll(remote.byTarget());
                return new Replies(remote.requestId(), all);
            });
        });
    }

    /**
     * Hands over: leaves the bridges (if a site master), then the site, then stops. Idempotent. Blocks until
     * closed, except when called from one of this node's listeners: they run on the relay thread, which closing
     * waits for, so the node then closes on another thread as soon as the listener returns.
     */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            if (thread.inEventLoop()) {
                CompletableFuture.runAsync(this::closeNow).exceptionally(failure -> {
                    log.warn("[{}/{}] closing from a listener failed: {}", site(), name(), failure.toString());
                    return null;
                });
            } else {
                closeNow();
            }
        } else if (!thread.inEventLoop()) {
            closed.join();
        }
    }

    /**
     * Closes {@code nodes} all at once, as a whole site shutting down does, and returns once every one is closed.
     * Each graceful leave waits for its view to exclude it, so closing one after another would add those waits
     * up. Call it from the application, not from a listener.
     */
    public static void closeAll(Collection<RelayNode> nodes) {
        ExecutorService closing = Executors.newFixedThreadPool(Math.max(1, nodes.size()));
        try {
            CompletableFuture.allOf(nodes.stream().map(node -> CompletableFuture.runAsync(node::close, closing))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            closing.shutdown();
        }
    }

    private void closeNow() {
        try {
            leaveAndStop();
        } finally {
            closed.complete(null);
        }
    }

    private void leaveAndStop() {
        if (thread.isShutdown()) {
            return;
        }
        stopRenewals.run();
        List<BridgeMember> bridges = call(() -> CompletableFuture.completedFuture(engine.bridges())).join();
        bridges.forEach(BridgeMember::close);
        member.close();
        release();
        log.info("[{}/{}] relay node closed", site(), name());
    }

    /**
     * Test and demo operation: stops this node at once, as a crashed process would. Its bridge members and
     * its local member abort their connections without leaving ({@link Member#simulateCrash()}), so the
     * other sites and the site's members must detect the loss, elect a new site master and resend what was
     * not acknowledged: the failover the demo and the relay benchmark show. Not a way to shut down:
     * {@link #close()} hands over gracefully. Call it from a thread of the application, not from one of this
     * node's listeners: it waits for the relay thread.
     */
    public void simulateCrash() {
        List<BridgeMember> bridges = call(() -> CompletableFuture.completedFuture(engine.bridges())).join();
        bridges.forEach(BridgeMember::simulateCrash);
        member.simulateCrash();
        release();
        log.info("[{}/{}] relay node crashed (simulated)", site(), name());
    }

    private void release() {
        if (admin != null) {
            admin.close();
        }
        relayLoop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private CompletableFuture<Replies> remoteRequest(List<UuidAddress> targets, List<Destination> to, byte[] payload,
                                                     Duration timeout) {
        RemoteRequests.Started started = engine.requests().start(targets, timeout);
        engine.requests().unreachable(target -> engine.topology().view(target.site()).isPresent()
                && !engine.topology().isUp(target.site()));
        AppPayload request = new AppPayload(AppPayload.Kind.REQUEST, started.id(), null, payload);
        for (Destination target : to) {
            String targetSite = Route.siteOf(target);
            if (engine.topology().isUp(targetSite) || engine.topology().view(targetSite).isEmpty()) {
                engine.send(target, request).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        onThread(() -> engine.requests().unreachable(t -> t.site().equals(targetSite)));
                    }
                });
            }
        }
        return started.replies();
    }

    /** {@code to} as the local member it means: a site master address means the first site master. */
    private UuidAddress local(UuidAddress to) {
        return to.kind() == UuidAddress.Kind.SITE_MASTER ? engine.firstSiteMaster() : to;
    }

    private static void requireSite(UuidAddress to) {
        if (to.site() == null) {
            throw new IllegalArgumentException("a relay address needs a site: " + to);
        }
    }

    private Map<String, AdminRoute> adminRoutes(RelayMetrics metrics) {
        Map<String, AdminRoute> routes = new HashMap<>(member.adminRoutes());
        AdminRoute memberMetrics = routes.get("/metrics");
        routes.put("/metrics", () -> memberMetrics.answer().thenApply(response ->
                new AdminResponse(response.status(), response.contentType(), response.body() + metrics.scrape())));
        routes.put("/topology", AdminRoute.of(() -> AdminResponse.json(TopologyJson.render(address(), topology()))));
        return routes;
    }

    /** {@code routes} and the live page's ({@code /}, {@code /status}, {@code /events}). */
    private Map<String, AdminRoute> withLivePage(Map<String, AdminRoute> routes, RelayMetrics metrics) {
        Map<String, AdminRoute> all = new HashMap<>(routes);
        all.putAll(new LivePage(this::status, thread, metrics.registry()).routes());
        return all;
    }

    /** What the live page shows of this node; on the relay thread (the bridge members live there). */
    private NodeStatus status() {
        Map<String, BridgeMember> running = new HashMap<>();
        engine.bridges().forEach(bridge -> running.put(bridge.name(), bridge));
        List<RouterState> routers = new ArrayList<>();
        for (BridgeConfig bridge : config.bridges()) {
            BridgeMember member = running.get(bridge.name());
            if (member != null) {
                routers.addAll(member.routers());
            } else {
                bridge.routers().forEach(router -> routers.add(new RouterState(bridge.name(), router, false)));
            }
        }
        return new NodeStatus(site(), name(), Optional.ofNullable(localView()), topology(), routers);
    }

    /** Runs {@code work} on the relay thread; its future's outcome becomes the result. */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    work.get().whenComplete((value, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("relay node " + name() + " is closed", e));
        }
        return result;
    }

    private void onThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("[{}/{}] relay closed; event dropped", site(), name());
        }
    }
}
