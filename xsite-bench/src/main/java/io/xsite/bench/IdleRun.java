package io.xsite.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.xsite.core.address.IpAddress;
import io.xsite.core.address.UuidAddress;
import io.xsite.core.gossip.GossipData;
import io.xsite.core.gossip.GossipFraming;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The idle-clients memory scenario: a fresh router child, its heap (after a forced full GC) and RSS
 * with no clients, then with {@code clients} connections that each registered one member and stay
 * silent. Members are spread over groups of {@value #GROUP_SIZE}, like many small bridge clusters.
 */
final class IdleRun {
    /** Members per group. */
    static final int GROUP_SIZE = 100;
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
        this.bootstrap = bootstrap.clone().handler(Discard.INSTANCE);
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    /** Measures a fresh {@code kind} router with {@code clients} idle clients. */
    IdleResult run(RouterKind kind, int clients) throws InterruptedException, TimeoutException {
        List<Channel> channels = new ArrayList<>(clients);
        try {
            // The router goes first: closing thousands of clients while it runs would only make it
            // send SUSPECT frames to every remaining group member.
            try (RouterProcess router = RouterProcess.start(kind, jvmFlags);
                 MemberCounter counter = MemberCounter.connect(bootstrap, router.address())) {
                long baselineHeap = router.heapUsedAfterGc();
                long baselineRss = router.residentBytes();
                connectAll(router.address(), clients, channels);
                counter.awaitAtLeast(null, clients, CONNECT_TIMEOUT);
                long heap = router.heapUsedAfterGc();
                return new IdleResult(kind, clients, baselineHeap, baselineRss, heap, router.residentBytes());
            }
        } finally {
            channels.forEach(Channel::close);
        }
    }

    private void connectAll(InetSocketAddress router, int clients, List<Channel> channels)
            throws InterruptedException, TimeoutException {
        Semaphore connecting = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<Void>> registrations = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            if (!connecting.tryAcquire(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("connects to " + router + " stalled after " + i + " clients");
            }
            String group = "idle-" + i / GROUP_SIZE;
            CompletableFuture<Void> registered = new CompletableFuture<>();
            registrations.add(registered);
            ChannelFuture connect = bootstrap.connect(router);
            channels.add(connect.channel());
            connect.addListener((ChannelFuture c) -> {
                if (!c.isSuccess()) {
                    connecting.release();
                    registered.completeExceptionally(c.cause());
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
