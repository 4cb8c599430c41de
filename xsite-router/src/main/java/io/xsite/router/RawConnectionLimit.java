package io.xsite.router;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.xsite.wire.codec.BadInputWarnings;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The connection limits of a TLS router, applied to every TCP connection as it is accepted, before its TLS
 * handshake: the table admits a connection only once its client proved who it is, so without this a stranger
 * could hold any number of half-done handshakes (each costs a TLS engine and CPU). Counts connections in total
 * and per source address up to {@code maxConnections} and {@code maxConnectionsPerAddress}; one over is closed
 * at once and counted as the table counts its own refusals.
 *
 * <p>A handler of the server channel: it sees each accepted connection on the accepting loop, in the order
 * accepted, before the connection is given an event loop and its pipeline, so the first connections within the
 * limits are the ones kept. A kept connection is forgotten when it closes, on its own loop
 * ({@link ConnectionCounts} is thread-safe).
 */
@Sharable
final class RawConnectionLimit extends ChannelInboundHandlerAdapter {
    private final ConnectionCounts counts;
    private final RouterMetrics metrics;
    private final BadInputWarnings badInput;

    RawConnectionLimit(RouterConfig config, RouterMetrics metrics, BadInputWarnings badInput) {
        this.counts = new ConnectionCounts(config);
        this.metrics = metrics;
        this.badInput = badInput;
    }

    /** Takes the accepted connection {@code msg}: passes it on to be served, or closes it. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel accepted = (Channel) msg;
        InetAddress source = ((InetSocketAddress) accepted.remoteAddress()).getAddress();
        ConnectionRefusal refusal = counts.admit(source);
        if (refusal != null) {
            metrics.connectionRefused(refusal);
            badInput.report(refusal.tag(), "closing connection from {} before its TLS handshake: {}", source,
                    refusal.tag());
            // Not registered with any loop yet: closed here, it never gets a pipeline.
            accepted.unsafe().closeForcibly();
            return;
        }
        accepted.closeFuture().addListener(closed -> counts.release(source));
        ctx.fireChannelRead(accepted);
    }
}
