package io.xsite.net.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.xsite.wire.codec.BadInputWarnings;
import java.nio.channels.ClosedChannelException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts TLS in front of a connection and lets it through only once the peer proved an identity this side
 * accepts: the handshake succeeded (its certificate chains to the deployment's CA) and the identity its
 * certificate names passes {@link #allowed}. The identity is then set as the channel's
 * {@link PeerIdentity#ATTRIBUTE} for the handlers behind, which see no byte before that. Any refusal is
 * one rate-limited log line naming the peer and the reason, a count in
 * {@code xsite_tls_handshake_failures_total{component,reason}}, and a close of this connection only.
 *
 * <p>One instance per process component ({@code router}, {@code member}, {@code tunnel}, {@code admin}),
 * shared by its connections; thread-safe.
 */
public final class PeerAuthenticator implements ConnectionSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(PeerAuthenticator.class);

    private final String component;
    private final ReloadingTls tls;
    private final Predicate<PeerIdentity> allowed;
    private final String expected;
    private final Map<HandshakeFailure, Counter> failures = new EnumMap<>(HandshakeFailure.class);
    private final BadInputWarnings warnings = new BadInputWarnings(LOG, Duration.ofSeconds(10));

    /**
     * @param component names the side in logs and metrics ({@code router}, {@code member}, ...)
     * @param tls       this process's material, read for every new connection
     * @param allowed   which peer identities this side accepts
     * @param expected  what {@code allowed} accepts, in words, for the refusal's log line
     * @param metrics   where the failure counts go
     */
    public PeerAuthenticator(String component, ReloadingTls tls, Predicate<PeerIdentity> allowed, String expected,
                             MeterRegistry metrics) {
        this.component = component;
        this.tls = tls;
        this.allowed = allowed;
        this.expected = expected;
        for (HandshakeFailure reason : HandshakeFailure.values()) {
            failures.put(reason, Counter.builder("xsite_tls_handshake_failures")
                    .description("TLS connections refused, by side and reason")
                    .tag("component", component).tag("reason", reason.tag()).register(metrics));
        }
    }

    /** What a client of gossip routers (a member's tunnel, router discovery, a tool) puts in front of them. */
    public static PeerAuthenticator toRouters(String component, ReloadingTls tls, MeterRegistry metrics) {
        return new PeerAuthenticator(component, tls, identity -> identity.role() == PeerRole.ROUTER, "a router",
                metrics);
    }

    /** Puts TLS as server, then the identity check, first in the pipeline of a connection this side accepted. */
    @Override
    public void secureAccepted(Channel channel) {
        SslHandler ssl = tls.current().serverContext().newHandler(channel.alloc());
        channel.pipeline().addFirst("tls-identity", new Gate()).addFirst("tls", ssl);
    }

    /** Puts TLS as client, then the identity check, first in the pipeline of a connection this side opened. */
    @Override
    public void secureOpened(Channel channel, String host, int port) {
        SslHandler ssl = tls.current().clientContext().newHandler(channel.alloc(), host, port);
        channel.pipeline().addFirst("tls-identity", new Gate()).addFirst("tls", ssl);
    }

    @Override
    public boolean isPlain() {
        return false;
    }

    @Override
    public String toString() {
        return "TLS as " + tls.identity() + ", accepting " + expected;
    }

    /** Failures counted so far for {@code reason}. */
    public double failureCount(HandshakeFailure reason) {
        return failures.get(reason).count();
    }

    /** The identity {@code ctx}'s peer proved, if the handshake gave one. */
    private static Optional<PeerIdentity> peerIdentity(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? PeerIdentity.of(leaf)
                    : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private void refuse(ChannelHandlerContext ctx, HandshakeFailure reason, String detail) {
        failures.get(reason).increment();
        warnings.report(component + "/" + reason.tag(), "{}: refused TLS connection with {}: {} ({})", component,
                ctx.channel().remoteAddress(), reason.tag(), detail);
        ctx.close();
    }

    /** Holds the connection shut until the peer is authenticated; then steps aside. */
    private final class Gate extends ChannelInboundHandlerAdapter {
        private boolean authenticated;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (!(event instanceof SslHandshakeCompletionEvent done)) {
                ctx.fireUserEventTriggered(event);
                return;
            }
            if (!done.isSuccess()) {
                if (done.cause() instanceof ClosedChannelException || !ctx.channel().isActive()) {
                    // Closed before or while shaking hands: a port scan, a load balancer's TCP health check, or
                    // this process closing its connections as it stops; nothing the peer's certificate said.
                    LOG.debug("{}: {} closed before the TLS handshake", component, ctx.channel().remoteAddress());
                    ctx.close();
                    return;
                }
                HandshakeFailure reason = HandshakeFailure.of(done.cause());
                refuse(ctx, reason, String.valueOf(done.cause().getMessage()));
                return;
            }
            Optional<PeerIdentity> identity = peerIdentity(ctx);
            if (identity.isEmpty()) {
                refuse(ctx, HandshakeFailure.NO_IDENTITY, "its certificate names no urn:xsite: identity");
            } else if (!allowed.test(identity.get())) {
                refuse(ctx, HandshakeFailure.NOT_ALLOWED, identity.get() + " is not " + expected);
            } else {
                authenticated = true;
                ctx.channel().attr(PeerIdentity.ATTRIBUTE).set(identity.get());
                LOG.debug("{}: {} authenticated as {}", component, ctx.channel().remoteAddress(), identity.get());
                ctx.fireChannelActive();
                ctx.pipeline().remove(this);
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // The handlers behind learn of the connection once its peer is known (see userEventTriggered).
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (authenticated) {
                ctx.fireChannelRead(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!authenticated) {
                // The SslHandler reports a failed handshake both here and as the completion event; the event
                // does the counting, so this only keeps the error from reaching the handlers behind.
                ctx.close();
                return;
            }
            ctx.fireExceptionCaught(cause);
        }
    }
}
