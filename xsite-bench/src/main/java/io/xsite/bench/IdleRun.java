package io.xsite.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.ReferenceCountUtil;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import io.xsite.net.tls.TlsMaterial;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The idle-clients memory scenario: a fresh router child, its heap (after a forced full GC) and RSS
 * with no clients, then with {@code clients} connections that each registered one member and stay
 * silent. Members are spread over groups of {@value #GROUP_SIZE}, like many small bridge clusters.
 *
 * <p>A {@linkplain RouterKind#isTls() TLS router} gets a certificate of a throwaway CA, and its clients
 * complete a TLS handshake with a certificate before they register: each group is the cluster of a
 * site of its own, and its members hold that site's certificate, since a TLS router lets a member
 * register in its own site's cluster only.
 */
final class IdleRun {
    /** Members per group. */
    static final int GROUP_SIZE = 100;
    /**
     * Clients per source address: they connect from 127.0.1.1, 127.0.1.2, ... (all loopback on Linux), this
     * many from each, so that the router's limit of connections per source address (256 by default), made
     * against one stranger's flood, holds for them as for clients spread over many hosts.
     */
    static final int CLIENTS_PER_SOURCE = 200;
    /** Connects outstanding at once: well inside any accept backlog. */
    private static final int CONNECTS_IN_FLIGHT = 128;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final Bootstrap bootstrap;
    private final List<String> jvmFlags;

    /**
     * @param bootstrap client bootstrap (event loop group, channel type and options set)
     * @param jvmFlags  flags of the router child JVM
     */
    IdleRun(Bootstrap bootstrap, List<String> jvmFlags) {
        this.bootstrap = bootstrap;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    /** Measures a fresh {@code kind} router with {@code clients} idle clients. */
    IdleResult run(RouterKind kind, int clients) throws InterruptedException, TimeoutException {
        if (!kind.isTls()) {
            Bootstrap plain = bootstrap.clone().handler(Discard.INSTANCE);
            return run(kind, clients, List.of(), group -> plain, router -> MemberCounter.connect(bootstrap, router));
        }
        try (BenchCertificates certificates = BenchCertificates.create("idle-router")) {
            String routerDirectory = certificates.router("router").certificate().getParent().toString();
            Map<String, Bootstrap> perSite = new HashMap<>();
            Function<String, Bootstrap> bootstraps = site -> perSite.computeIfAbsent(site,
                    s -> bootstrap.clone().handler(new TlsClient(clientContext(certificates, s))));
            SslContext counting = clientContext(certificates, group(0));
            return run(kind, clients, List.of(routerDirectory), bootstraps,
                    router -> MemberCounter.connect(bootstrap, router, counting));
        }
    }

    private static SslContext clientContext(BenchCertificates certificates, String site) {
        return TlsMaterial.load(certificates.member(site)).clientContext();
    }

    private IdleResult run(RouterKind kind, int clients, List<String> routerArgs, Function<String, Bootstrap> bootstraps,
                           Counting counting) throws InterruptedException, TimeoutException {
        List<Channel> channels = new ArrayList<>(clients);
        try {
            // The router goes first: closing thousands of clients while it runs would only make it
            // send SUSPECT frames to every remaining group member.
            try (RouterProcess router = RouterProcess.start(kind, jvmFlags, routerArgs)) {
                long baselineHeap = router.heapUsedAfterGc();
                long baselineRss = router.residentBytes();
                try {
                    connectAll(router.address(), clients, channels, bootstraps);
                    // Connected only now: a router closes a connection that sends nothing within its first
                    // frame timeout (10 s by default), and the baseline's full GC alone may take that long.
                    try (MemberCounter counter = counting.connect(router.address())) {
                        counter.awaitAtLeast(null, clients, CONNECT_TIMEOUT);
                    }
                } catch (TimeoutException e) {
                    throw new TimeoutException(e.getMessage() + "; the router's last output:\n" + router.tail());
                }
                long heap = router.heapUsedAfterGc();
                return new IdleResult(kind, clients, baselineHeap, baselineRss, heap, router.residentBytes());
            }
        } finally {
            channels.forEach(Channel::close);
        }
    }

    /** The group of client {@code i}: also its site, for a TLS router. */
    private static String group(int i) {
        return "idle-" + i / GROUP_SIZE;
    }

    /** The loopback address client {@code i} connects from, any port. */
    private static InetSocketAddress source(int i) {
        int source = i / CLIENTS_PER_SOURCE;
        return new InetSocketAddress("127.0." + (1 + source / 250) + "." + (1 + source % 250), 0);
    }

    /** Opens the connection that counts the registered members. */
    @FunctionalInterface
    private interface Counting {
        MemberCounter connect(InetSocketAddress router) throws InterruptedException;
    }

    private static void connectAll(InetSocketAddress router, int clients, List<Channel> channels,
                                   Function<String, Bootstrap> bootstraps) throws InterruptedException, TimeoutException {
        Semaphore connecting = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<Void>> registrations = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            if (!connecting.tryAcquire(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("connects to " + router + " stalled after " + i + " clients");
            }
            String group = group(i);
            CompletableFuture<Void> registered = new CompletableFuture<>();
            registrations.add(registered);
            ChannelFuture connect = bootstraps.apply(group).connect(router, source(i));
            channels.add(connect.channel());
            connect.addListener((ChannelFuture c) -> {
                if (!c.isSuccess()) {
                    connecting.release();
                    registered.completeExceptionally(c.cause());
                    return;
                }
                SslHandler tls = c.channel().pipeline().get(SslHandler.class);
                Future<?> ready = tls == null ? c : tls.handshakeFuture();
                ready.addListener(h -> {
                    if (!h.isSuccess()) {
                        connecting.release();
                        registered.completeExceptionally(h.cause());
                        return;
                    }
                    c.channel().writeAndFlush(register(c.channel(), group)).addListener(w -> {
                        connecting.release();
                        if (w.isSuccess()) {
                            registered.complete(null);
                        } else {
                            registered.completeExceptionally(w.cause());
                        }
                    });
                });
            });
        }
        try {
            CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new))
                    .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("connect or REGISTER to " + router + " failed", e.getCause());
        }
    }

    private static ByteBuf register(Channel channel, String group) {
        IpAddress physical = IpAddress.of((InetSocketAddress) channel.localAddress());
        return GossipFraming.encodeFramed(GossipData.register(group, UuidAddress.randomUuid(),
                "idle-" + physical.port(), physical), channel.alloc());
    }

    /** A TLS client with the certificate of {@code context}, then {@link Discard}. */
    private static final class TlsClient extends ChannelInitializer<Channel> {
        private final SslContext context;

        TlsClient(SslContext context) {
            this.context = context;
        }

        @Override
        protected void initChannel(Channel ch) {
            ch.pipeline().addLast(context.newHandler(ch.alloc()), Discard.INSTANCE);
        }
    }

    /** Idle clients expect nothing from the router; whatever arrives is dropped. */
    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
