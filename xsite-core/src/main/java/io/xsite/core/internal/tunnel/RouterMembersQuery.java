package io.xsite.core.internal.tunnel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipType;
import io.xsite.wire.gossip.PingData;
import io.xsite.net.loop.EventLoops;
import java.net.InetSocketAddress;
import io.xsite.net.tls.ConnectionSecurity;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.transport.tunnel.RouterHosts;
import io.xsite.core.transport.tunnel.RouterUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A one-shot GET_MBRS against one router, as JGroups' RouterStubGet does: connect, ask, collect the
 * responses, close. For tools ({@code xsite router-dump}) and tests; members use {@link RouterClient}.
 * Blocks the calling thread, so it must not be called on a Netty event loop.
 */
public final class RouterMembersQuery {
    /** The prefix a router puts before each group name when answering a query for every group (spec 1.6). */
    static final String ALL_GROUPS_PREFIX = "<<all-groups>>:";

    private RouterMembersQuery() {
    }

    /**
     * Connects to {@code router}, sends GET_MBRS for {@code group} (null = every group) and collects the
     * members until GET_MBRS_RSP_LAST arrives or {@code timeout} (which also bounds the connect) has
     * passed, then closes. A JGroups router answers nothing for an unknown group, so that case returns an
     * empty list after the timeout.
     *
     * @return the members that arrived, in arrival order, with the all-groups prefix removed from groups
     * @throws RouterUnreachableException when the connection cannot be made (the message names host:port)
     * @throws io.xsite.wire.codec.MalformedFrameException when the router sends a frame that does not decode
     */
    public static List<RouterMember> query(InetSocketAddress router, String group, Duration timeout) {
        return query(router, group, timeout, ConnectionSecurity.PLAIN);
    }

    /** As {@link #query(InetSocketAddress, String, Duration)}, over a connection secured by {@code security}. */
    public static List<RouterMember> query(InetSocketAddress router, String group, Duration timeout,
                                           ConnectionSecurity security) {
        Objects.requireNonNull(router, "router");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Collector collector = new Collector();
        ChannelFuture connect = RouterChannels.bootstrap(EventLoops.shared(), timeout,
                RouterClientConfig.DEFAULTS.maxFrameBytes(), WriteBufferWaterMark.DEFAULT, security, router,
                () -> collector)
                .connect(resolve(router));
        connect.awaitUninterruptibly();
        if (!connect.isSuccess()) {
            throw new RouterUnreachableException(router, "is unreachable", connect.cause());
        }
        Channel channel = connect.channel();
        channel.writeAndFlush(GossipData.getMembers(group));
        // Closing at the deadline makes the collector hand over whatever arrived (channelInactive).
        channel.eventLoop().schedule(() -> channel.close(), Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        try {
            return collector.result.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RouterUnreachableException(router, "failed during the members query", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("members query to " + RouterHosts.format(router)
                    + " did not finish although its connection was closed at the deadline", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouterUnreachableException(router, "query interrupted", e);
        } finally {
            channel.close();
        }
    }

    /** Resolves a host from a router list; this is a tool call that blocks anyway. */
    private static InetSocketAddress resolve(InetSocketAddress router) {
        return router.isUnresolved() ? new InetSocketAddress(router.getHostString(), router.getPort()) : router;
    }

    /** Strips {@link #ALL_GROUPS_PREFIX}, which only answers to a null-group query carry. */
    static String groupName(String group) {
        return group != null && group.startsWith(ALL_GROUPS_PREFIX) ? group.substring(ALL_GROUPS_PREFIX.length())
                : group;
    }

    /** Collects members on the channel's event loop and completes when the answer is complete or the channel closes. */
    private static final class Collector extends SimpleChannelInboundHandler<GossipData> {
        final CompletableFuture<List<RouterMember>> result = new CompletableFuture<>();
        private final List<RouterMember> members = new ArrayList<>();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, GossipData data) {
            if (data.type() != GossipType.GET_MBRS_RSP && data.type() != GossipType.GET_MBRS_RSP_LAST) {
                return;
            }
            String group = groupName(data.group());
            for (PingData ping : data.pingData()) {
                members.add(new RouterMember(group, ping));
            }
            if (data.type() == GossipType.GET_MBRS_RSP_LAST) {
                result.complete(List.copyOf(members));
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.complete(List.copyOf(members));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
