package io.xsite.router;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.xsite.core.codec.BadInputWarnings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection limits of a TLS router, applied to every TCP connection as it is accepted, before its TLS
 * handshake: the table admits a connection only once its client proved who it is, so without this a stranger
 * could hold any number of half-done handshakes (each costs a TLS engine and CPU). Counts connections in total
 * and per source address up to {@code maxConnections} and {@code maxConnectionsPerAddress}; one over is closed
 * at once and counted as the table counts its own refusals.
 *
 * <p>Shared by every connection of one router; runs on the router's event loop, which accepts them all.
 */
@Sharable
final class RawConnectionLimit extends ChannelInboundHandlerAdapter {
    private final RouterConfig config;
    private final RouterMetrics metrics;
    private final BadInputWarnings badInput;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int total;

    RawConnectionLimit(RouterConfig config, RouterMetrics metrics, BadInputWarnings badInput) {
        this.config = config;
        this.metrics = metrics;
        this.badInput = badInput;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        ConnectionRefusal refusal = total >= config.maxConnections() ? ConnectionRefusal.MAX_CONNECTIONS
                : perAddress.getOrDefault(source, 0) >= config.maxConnectionsPerAddress()
                ? ConnectionRefusal.MAX_CONNECTIONS_PER_ADDRESS : null;
        if (refusal != null) {
            metrics.connectionRefused(refusal);
            badInput.report(refusal.tag(), "closing connection from {} before its TLS handshake: {}", source,
                    refusal.tag());
            ctx.channel().config().setAutoRead(false);
            ctx.close();
            return;
        }
        total++;
        perAddress.merge(source, 1, Integer::sum);
        ctx.channel().closeFuture().addListener(closed -> {
            total--;
            perAddress.computeIfPresent(source, (address, count) -> count == 1 ? null : count - 1);
        });
        ctx.fireChannelActive();
    }
}
