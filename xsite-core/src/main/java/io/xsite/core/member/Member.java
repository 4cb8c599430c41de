package io.xsite.core.member;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminRoute;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminServer;
import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.core.delivery.Message;
import io.xsite.core.delivery.Replies;
import io.xsite.core.discovery.Discovery;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.membership.View;
import io.xsite.net.loop.EventLoops;
import io.xsite.core.transport.Transport;
import io.xsite.core.transport.TransportListener;
import io.xsite.core.internal.tcp.TcpTransport;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.internal.tunnel.TunnelTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a site's cluster: it finds the others, agrees with them on a {@link View} (oldest member
 * first; the first is the coordinator), and exchanges reliable, per-sender FIFO messages and
 * request/response calls with them.
 *
 * <pre>{@code
 * try (Member member = Member.start(MemberConfig.loopback("demo", "A").withDiscovery(...))) {
 *     member.addMessageListener(message -> ...);
 *     member.sendToAll("hello".getBytes(UTF_8)).join();
 * }
 * }</pre>
 *
 * <p>Threads: all methods are thread-safe. Protocol state lives on the member's own thread; listeners,
 * the request handler and the futures this class returns complete on the member's application thread,
 * in the order the member produced them. {@link #close()} leaves the cluster gracefully.
 */
public final class Member implements AutoCloseable {
    /** Header of a reply whose request handler failed; its value is the error text. */
    public static final String ERROR_HEADER = "xsite-error";
    private static final Logger log = LoggerFactory.getLogger(Member.class);

    private final MemberConfig config;
    private final UuidAddress self;
    private final String logName;
    private final MemberExecutor executor;
    private final MemberMetrics metrics;
    private final MemberCallbacks callbacks;
    private final Transport transport;
    private final Discovery discovery;
    private final MemberProtocol protocol;
    private final MemberFrames frames;
    private final AtomicReference<View> currentView = new AtomicReference<>();
    private final AtomicReference<Discovered> discovered = new AtomicReference<>(Discovered.NONE);
    private final AdminServer admin;
    private final BadInputWarnings badInput = new BadInputWarnings(log, Duration.ofSeconds(10));
    private volatile boolean closed;

    private Member(MemberConfig config, TransportFactory transports,
                   BiFunction<DiscoveryConfig, Transport, Discovery> discoveries, EventLoop loop,
                   Executor callbackExecutor, AdminAccess adminAccess) {
        this.config = config;
        int flags = config.siteMasterEligible() ? UuidAddress.CAN_BECOME_SITE_MASTER : 0;
        this.self = UuidAddress.siteUuid(UUID.randomUUID(), config.name(), config.site(), flags);
        this.logName = config.cluster() + "/" + config.name();
        this.metrics = new MemberMetrics(config.cluster(), config.name());
        this.frames = new MemberFrames(config.cluster(), self, config.delivery().keptPayloadBytes());
        this.executor = new MemberExecutor(logName, loop);
        this.callbacks = callbackExecutor == null ? new MemberCallbacks(logName, executor.eventLoop())
                : new MemberCallbacks(logName, callbackExecutor);
        Transport startedTransport = null;
        Discovery startedDiscovery = null;
        try {
            startedTransport = transports.create(self, metrics.registry(), executor.eventLoop());
            startedTransport.start(new Inbox());
            DiscoveryConfig discoveryConfig = config.discovery() != null ? config.discovery()
                    : config.transport() == TransportKind.TUNNEL ? DiscoveryConfig.parse("router") : null;
            startedDiscovery = discoveries.apply(discoveryConfig, startedTransport);
            this.transport = startedTransport;
            this.discovery = startedDiscovery;
            DiscoveryRound round = new DiscoveryRound(logName, discovery, transport, executor, self,
                    config.tcp().connectTimeout(), found -> {
                        discovered.updateAndGet(last -> last.next(found, self));
                        protocol().onDiscovered(found);
                    });
            this.protocol = new MemberProtocol(config, self, executor, transport, metrics, callbacks, round::run,
                    currentView::set, System::nanoTime, RandomGenerator.getDefault());
            this.admin = config.adminPort() < 0 ? null : AdminServer.start(
                    new InetSocketAddress(config.tcp().bind().getAddress(), config.adminPort()), adminRoutes(),
                    adminAccess, metrics.registry(), Optional.empty());
        } catch (RuntimeException e) {
            // Nothing half-started may outlive a failed start (a port in use, say).
            if (startedDiscovery != null) {
                startedDiscovery.close();
            }
            if (startedTransport != null) {
                onLoopAndWait("closing the transport", startedTransport::close);
            }
            executor.close();
            callbacks.close();
            throw e;
        }
    }

    /** Starts a member: it listens, runs discovery and joins (or forms) a view; returns at once. */
    public static Member start(MemberConfig config) {
        return start(config, AdminAccess.OPEN);
    }

    /** As {@link #start(MemberConfig)}, with its admin endpoint guarded by {@code adminAccess}. */
    public static Member start(MemberConfig config, AdminAccess adminAccess) {
        return startConfigured(config, EventLoops.shared().next(), null, Objects.requireNonNull(adminAccess));
    }

    /**
     * As {@link #start(MemberConfig)}, with the member's protocol and connections on {@code loop} instead of
     * one of the shared event loops, and its listeners, request handler and returned futures on
     * {@code callbackExecutor} instead of an application thread of its own. For a component that owns a
     * serial executor anyway: a relay node passes its relay thread's loop as both, so that a frame is read,
     * handled and relayed on one thread. The executor must run tasks one at a time, in order, and outlive
     * the member; when it is {@code loop} itself, no callback may block.
     */
    public static Member start(MemberConfig config, EventLoop loop, Executor callbackExecutor) {
        return start(config, loop, callbackExecutor, AdminAccess.OPEN);
    }

    /** As {@link #start(MemberConfig, EventLoop, Executor)}, with its admin endpoint guarded by {@code adminAccess}. */
    public static Member start(MemberConfig config, EventLoop loop, Executor callbackExecutor,
                               AdminAccess adminAccess) {
        return startConfigured(config, Objects.requireNonNull(loop, "loop"),
                Objects.requireNonNull(callbackExecutor, "callbackExecutor"), Objects.requireNonNull(adminAccess));
    }

    /** Starts a member with the transport and discovery of {@code config}; callbacks on its own thread when null. */
    private static Member startConfigured(MemberConfig config, EventLoop loop, Executor callbackExecutor,
                                          AdminAccess adminAccess) {
        return start(config, (self, registry, memberLoop) -> createTransport(config, self, registry, memberLoop),
                (discovery, transport) -> discovery == null ? null
                        : discovery.create(config.cluster(), config.routers(), transport.physicalAddress(),
                                // Discovery's refused router connections are counted by the router they reach.
                                MemberSecurity.forRouters(config, Metrics.globalRegistry)),
                loop, callbackExecutor, adminAccess);
    }

    /**
     * Starts a member on a transport and discovery of the caller's making (tests: an in-memory network).
     *
     * @param transports  builds the transport of the member with the given address, counting into the registry,
     *                    with its connections on the member's event loop
     * @param discoveries builds the discovery from the configured one (null when none) and the transport
     */
    static Member start(MemberConfig config, TransportFactory transports,
                        BiFunction<DiscoveryConfig, Transport, Discovery> discoveries) {
        return start(config, transports, discoveries, EventLoops.shared().next(), null, AdminAccess.OPEN);
    }

    private static Member start(MemberConfig config, TransportFactory transports,
                                BiFunction<DiscoveryConfig, Transport, Discovery> discoveries, EventLoop loop,
                                Executor callbackExecutor, AdminAccess adminAccess) {
        Member member = new Member(config, transports, discoveries, loop, callbackExecutor, adminAccess);
        member.executor.execute(() -> {
            member.protocol.start();
            member.executor.scheduleRepeating(config.tickInterval(), member.protocol::onTick);
        });
        log.info("[{}] member {} started on {} ({} transport, physical {})", member.logName, member.self.uuid(),
                config.cluster(), config.transport().name().toLowerCase(), member.transport.physicalAddress());
        return member;
    }

    /** This member's address. */
    public UuidAddress address() {
        return self;
    }

    /** The cluster this member belongs to. */
    public String cluster() {
        return config.cluster();
    }

    /** This member's logical name. */
    public String name() {
        return config.name();
    }

    /** This member's site; null outside a relay setup. */
    public String site() {
        return config.site();
    }

    /** The latest view this member installed; null until it joined one. */
    public View view() {
        return currentView.get();
    }

    /** What this member's latest discovery round found ({@link Discovered#NONE} before the first ended). */
    public Discovered discovered() {
        return discovered.get();
    }

    /** Where the other members reach this one. */
    public InetSocketAddress physicalAddress() {
        return transport.physicalAddress();
    }

    /**
     * The gossip routers this member's tunnel is connected to now; empty over tcp, which uses none. Any thread
     * (off the member's loop it asks the loop and waits for the answer).
     */
    public Set<InetSocketAddress> connectedRouters() {
        return transport instanceof TunnelTransport tunnel ? tunnel.connectedRouters() : Set.of();
    }

    /** The admin endpoint's address, when it has one. */
    public Optional<InetSocketAddress> adminAddress() {
        return Optional.ofNullable(admin).map(AdminServer::address);
    }

    /**
     * The member's admin routes ({@code /health}, {@code /ready}, {@code /view}, {@code /metrics}), for a
     * component that serves them on its own admin endpoint together with routes of its own.
     */
    public Map<String, AdminRoute> adminRoutes() {
        return MemberAdmin.routes(this, metrics::scrape, executor::failingRepeatedly);
    }

    /**
     * Serves {@code route} on {@code path} of this member's admin endpoint from now on, next to its own routes,
     * for a part that runs on the member (the grid adds {@code /grid/status} and {@code /caches/*}).
     *
     * @return false, with nothing served, when the member has no admin endpoint (admin port -1)
     * @throws IllegalArgumentException if {@code path} is served already
     */
    public boolean addAdminRoute(String path, AdminRoute route) {
        if (admin == null) {
            return false;
        }
        admin.addRoute(path, route);
        return true;
    }

    /** Adds a listener for every view installed from now on. */
    public void addViewListener(ViewListener listener) {
        callbacks.addViewListener(listener);
    }

    /** Adds a listener for every message received from now on. */
    public void addMessageListener(MessageListener listener) {
        callbacks.addMessageListener(listener);
    }

    /** Replaces the request handler (the default answers with an empty payload). */
    public void setRequestHandler(RequestHandler handler) {
        callbacks.setRequestHandler(handler);
    }

    /**
     * Sends {@code payload} to {@code to} reliably, in order with this member's other messages to it.
     * Completes when the reliable stream took the message (later while its window is full); fails with
     * {@link MemberUnreachableException} when {@code to} is not in the view or leaves it first.
     */
    public CompletableFuture<Void> send(UuidAddress to, byte[] payload) {
        return send(to, payload, Map.of());
    }

    /** As {@link #send(UuidAddress, byte[])}, with headers. */
    public CompletableFuture<Void> send(UuidAddress to, byte[] payload, Map<String, String> headers) {
        Message message = new Message(self, to, headers, payload);
        return call(done -> protocol.send(to, message, done));
    }

    /**
     * As {@link #send(UuidAddress, byte[], Map)}, with the payload in a buffer: its readable bytes, written into
     * the outgoing frames without being copied into an array first. Takes ownership of {@code payload}: it is
     * released once {@code to} acknowledged it, or the send failed or was given up, or this member closed.
     * For a site master passing on what it received ({@link Message#payloadBuffer()}, retained).
     */
    public CompletableFuture<Void> send(UuidAddress to, ByteBuf payload, Map<String, String> headers) {
        Message message = Message.inBuffer(self, to, headers, payload);
        CompletableFuture<Void> done = call(sent -> protocol.send(to, message, sent));
        if (done.isCompletedExceptionally() && closed) {
            message.close(); // refused before the protocol saw it: nobody else will
        }
        return done;
    }

    /** Sends {@code payload} to every member of the view, this one included. */
    public CompletableFuture<Void> sendToAll(byte[] payload) {
        return sendToAll(payload, Map.of());
    }

    /** As {@link #sendToAll(byte[])}, with headers. */
    public CompletableFuture<Void> sendToAll(byte[] payload, Map<String, String> headers) {
        Message message = new Message(self, null, headers, payload);
        return call(done -> protocol.sendToAll(message, done));
    }

    /** Asks {@code to}; the replies hold its answer or why there is none (left, timed out, unreachable). */
    public CompletableFuture<Replies> request(UuidAddress to, byte[] payload, Duration timeout) {
        Message message = new Message(self, to, Map.of(), payload);
        return requestOf(() -> List.of(to), message, timeout);
    }

    /** Asks every member of the view, this one included; one outcome per member. */
    public CompletableFuture<Replies> requestAll(byte[] payload, Duration timeout) {
        Message message = new Message(self, null, Map.of(), payload);
        return requestOf(() -> protocol.view() == null ? List.of(self) : protocol.view().members(), message, timeout);
    }

    /**
     * Leaves the cluster gracefully (the others install a view without this member; a coordinator hands
     * over), then closes transport, discovery and admin endpoint. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration patience = config.membership().leaveTimeout().plusSeconds(1);
        try {
            executor.submit(protocol::leave).thenCompose(left -> left).get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("[{}] leaving did not complete within {}: {}", logName, patience, e.toString());
        }
        release(transport::close);
        log.info("[{}] member closed", logName);
    }

    /**
     * As {@link #close()} without waiting, for a caller on the member's loop (a relay node's bridge members run
     * on its relay thread), where {@link #close()} would wait for its own thread: the leave runs as a task of the
     * loop, and when the view without this member is in place (or the leave timeout and a second passed) the
     * member closes there. Completes on the member's callback executor once closed; a member closed or crashed
     * already completes at once. Fails (with {@link MemberClosedException}) only when the loop runs no more tasks.
     */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.complete(null);
            return done;
        }
        closed = true;
        Duration patience = config.membership().leaveTimeout().plusSeconds(1);
        submitted(done, () -> {
            CompletableFuture<Void> over = new CompletableFuture<>();
            protocol.leave().whenComplete((ok, failure) -> over.complete(null));
            executor.schedule(patience, () -> {
                if (over.complete(null)) {
                    log.warn("[{}] leaving did not complete within {}", logName, patience);
                }
            });
            // The rest of the close may wait for the application thread, so it runs where the callbacks do.
            over.thenRunAsync(() -> {
                release(transport::close);
                log.info("[{}] member closed", logName);
            }, callbacks.executor()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    log.warn("[{}] closing after the leave failed: {}", logName, failure.toString());
                }
                done.complete(null);
            });
        });
        return done;
    }

    /**
     * Test and demo operation: stops this member at once, as a crashed process would. Its connections are
     * aborted, it sends no leave, and the others must detect its failure and exclude it (as the demo's and
     * the benchmarks' failover steps want to show). Not a way to shut down: {@link #close()} leaves
     * gracefully. Idempotent; after either, calls fail.
     */
    public void simulateCrash() {
        if (closed) {
            return;
        }
        closed = true;
        release(transport::abort);
        log.info("[{}] member crashed (simulated)", logName);
    }

    /** Closes the protocol and then ends the transport with {@code transportEnd}, both on the loop; then the rest. */
    private void release(Runnable transportEnd) {
        onLoopAndWait("releasing the messages held and closing the transport", () -> {
            try {
                protocol.close();
            } finally {
                transportEnd.run();
            }
        });
        if (discovery != null) {
            discovery.close();
        }
        if (admin != null) {
            admin.close();
        }
        executor.close();
        callbacks.close();
    }

    /**
     * Runs {@code task} on the loop, where protocol and transport live, before the executor stops running
     * tasks (at once when called there); a member that does not answer within seconds leaves what they hold
     * to the collector.
     */
    private void onLoopAndWait(String what, Runnable task) {
        if (executor.inThread()) {
            task.run();
            return;
        }
        try {
            executor.submit(() -> {
                task.run();
                return null;
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("[{}] {} did not complete: {}", logName, what, e.toString());
        }
    }

    private CompletableFuture<Replies> requestOf(java.util.function.Supplier<List<UuidAddress>> targets,
                                                 Message message, Duration timeout) {
        CompletableFuture<Replies> result = new CompletableFuture<>();
        submitted(result, () -> protocol.request(targets.get(), message, timeout)
                .whenCompleteAsync((replies, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(replies);
                    }
                }, callbacks.executor()));
        return result;
    }

    /**
     * Runs a send on the member's loop. Called from another thread, the send is handed to the loop and its
     * outcome handed back to the application thread. Called on the loop itself (a relay node runs there,
     * and passes every relayed message on with a send), it runs at once, and an outcome known at once is
     * the caller's where it is: the two hand-overs were two tasks and three objects per relayed message at
     * every hop. Such a caller is a task of its own, never inside the protocol (listeners are queued), so
     * the send does not re-enter it; an outcome that comes later (the window was full) comes inside the
     * protocol, so it is handed over as before, and what the caller chained to it cannot re-enter either.
     */
    private CompletableFuture<Void> call(java.util.function.Consumer<CompletableFuture<Void>> operation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean onLoop = executor.inThread();
        if (!submitted(done, () -> operation.accept(done), onLoop)) {
            return done;
        }
        return onLoop && done.isDone() ? done : done.whenCompleteAsync((ok, failure) -> { }, callbacks.executor());
    }

    /**
     * Hands {@code task} to the member's event loop; after {@link #close()} (or {@link #simulateCrash()}) fails {@code result}
     * instead, so that a call on a closed member is an error of its future, not an exception.
     */
    private boolean submitted(CompletableFuture<?> result, Runnable task) {
        return submitted(result, task, false);
    }

    /** As {@link #submitted(CompletableFuture, Runnable)}; {@code now}: run it at once (the caller is on the loop). */
    private boolean submitted(CompletableFuture<?> result, Runnable task, boolean now) {
        try {
            if (now) {
                executor.runOrExecute(task);
            } else {
                onExecutor(task);
            }
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new MemberClosedException(logName));
            return false;
        }
    }

    private void onExecutor(Runnable task) {
        executor.execute(task);
    }

    private MemberProtocol protocol() {
        return protocol;
    }

    private static Transport createTransport(MemberConfig config, UuidAddress self, MeterRegistry registry,
                                             EventLoop loop) {
        if (config.transport() == TransportKind.TCP) {
            return new TcpTransport(config.tcp(), config.cluster(), self, registry, loop,
                    MemberSecurity.forMembers(config, registry), MemberSecurity.identities(config));
        }
        IpAddress physical = new IpAddress(config.tcp().bind().getAddress(), config.tcp().bind().getPort());
        return new TunnelTransport(RouterClientConfig.of(config.routers(), config.cluster(), self, config.name(),
                physical).withSecurity(MemberSecurity.forRouters(config, registry)), loop);
    }

    /**
     * Decodes frames and hands them to the protocol at once: the transport calls it on the member's event
     * loop, where the protocol lives (after a close, the executor drops them). Peer events go through the
     * queue.
     */
    private final class Inbox implements TransportListener {
        @Override
        public void onFrame(UuidAddress from, ByteBuf frame) {
            Inbound inbound = null;
            try {
                metrics.frameIn(frame.readableBytes());
                inbound = frames.decode(from, frame);
                Inbound decoded = inbound;
                executor.runOrExecute(() -> protocol.onInbound(decoded));
            } catch (MemberFrames.ForeignFrameException e) {
                metrics.dropped("foreign");
                badInput.report("foreign", "[{}] dropped a frame from {}: {}", logName, from, e.getMessage());
            } catch (MalformedFrameException e) {
                metrics.dropped("malformed");
                badInput.report("malformed", "[{}] dropped a malformed frame from {}: {}", logName, from,
                        e.getMessage());
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("[{}] member closed; frame from {} dropped", logName, from);
                inbound.close();
            } finally {
                frame.release();
            }
        }

        @Override
        public void onPeerConnected(UuidAddress peer) {
            onExecutorUnlessClosed(() -> protocol.onPeerConnected(peer));
        }

        @Override
        public void onPeerDisconnected(UuidAddress peer) {
            onExecutorUnlessClosed(() -> protocol.onPeerDisconnected(peer));
        }

        @Override
        public void onPeerRefused(UuidAddress peer) {
            onExecutorUnlessClosed(() -> protocol.onPeerRefused(peer));
        }

        @Override
        public void onWritable(UuidAddress peer) {
            onExecutorUnlessClosed(() -> protocol.onWritable(peer));
        }

        /**
         * Queues {@code task} even on the loop: a peer event can come from inside a transport call the
         * protocol is making (a failed flush closes the connection, a flush makes it writable), and the
         * protocol must not be re-entered halfway through its own send.
         */
        private void onExecutorUnlessClosed(Runnable task) {
            try {
                executor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("[{}] member closed; peer event dropped", logName);
            }
        }
    }
}
