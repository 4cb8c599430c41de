package io.xsite.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslContext;
import io.xsite.wire.gossip.GossipCodec;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import io.xsite.wire.gossip.GossipType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Counts the members a router has registered, with raw GET_MBRS queries on a connection of its own,
 * the way JGroups' RouterStubGet asks; used to wait until every benchmark client is registered.
 * Both routers answer the same protocol, so the same count works for each. All state is confined to
 * the connection's event loop.
 */
final class MemberCounter implements AutoCloseable {
    private static final int MAX_FRAME_BYTES = 64 << 20;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** A JGroups router answers nothing for an unknown group, so an unanswered query is asked again. */
    private static final Duration NO_ANSWER = Duration.ofSeconds(1);

    private final Channel channel;
    private String group;
    private int expected;
    private int counted;
    private long query;
    private long answered;
    private CompletableFuture<Integer> result;

    /** {@code tls}: the client context of a TLS router's client, null for a plain router. */
    private MemberCounter(Bootstrap bootstrap, InetSocketAddress router, SslContext tls) throws InterruptedException {
        this.channel = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), router.getHostString(), router.getPort()));
                }
                ch.pipeline().addLast(GossipFraming.frameDecoder(MAX_FRAME_BYTES), new Answers());
            }
        }).connect(router).sync().channel();
    }

    /** Opens a query connection to {@code router}. */
    static MemberCounter connect(Bootstrap bootstrap, InetSocketAddress router) throws InterruptedException {
        return new MemberCounter(bootstrap, router, null);
    }

    /** Opens a query connection to the TLS router {@code router}, presenting the certificate of {@code tls}. */
    static MemberCounter connect(Bootstrap bootstrap, InetSocketAddress router, SslContext tls)
            throws InterruptedException {
        return new MemberCounter(bootstrap, router, tls);
    }

    /**
     * Asks until the router reports at least {@code expected} members in {@code group} (null = in
     * all groups together) and returns the last count.
     *
     * @throws TimeoutException if that takes longer than {@code timeout}
     */
    int awaitAtLeast(String group, int expected, Duration timeout) throws TimeoutException, InterruptedException {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            this.group = group;
            this.expected = expected;
            this.result = future;
            ask();
        });
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("member query failed for group " + group, e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false); // stops the polling
            throw new TimeoutException("router at " + channel.remoteAddress() + " still reports fewer than "
                    + expected + " members in " + (group == null ? "all groups" : "group " + group)
                    + " after " + timeout);
        }
    }

    private void ask() {
        counted = 0;
        long asked = ++query;
        channel.writeAndFlush(GossipFraming.encodeFramed(GossipData.getMembers(group), channel.alloc()));
        channel.eventLoop().schedule(() -> {
            if (answered < asked && !result.isDone()) {
                ask();
            }
        }, NO_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One answer frame; a LAST frame ends the current query. Borrows {@code frame}. */
    private void onAnswer(ByteBuf frame) {
        GossipData data = GossipCodec.decode(frame);
        if (data.type() != GossipType.GET_MBRS_RSP && data.type() != GossipType.GET_MBRS_RSP_LAST) {
            return;
        }
        counted += data.pingData().size();
        if (data.type() == GossipType.GET_MBRS_RSP_LAST) {
            answered = query;
            if (counted >= expected) {
                result.complete(counted);
            } else if (!result.isDone()) {
                channel.eventLoop().schedule(this::ask, POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private final class Answers extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            onAnswer(frame);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (result != null) {
                result.completeExceptionally(cause);
            }
            ctx.close();
        }
    }
}
