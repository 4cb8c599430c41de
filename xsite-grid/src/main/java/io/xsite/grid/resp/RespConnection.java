package io.xsite.grid.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.grid.GridCache;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: dispatches each decoded request in order, at once, and writes the replies in
 * request order as they complete (pipelining: a slow GET at one primary holds back the replies behind it,
 * never their execution). Reading stops while {@link RespLimits#maxPendingReplies()} replies are pending or
 * the socket does not take what is written (a client that sends without reading), and resumes at half, so
 * a slow client holds a bounded number of requests and replies.
 *
 * <p>Confined to the channel's event loop: replies completing on other threads hop onto it. A client
 * certificate of the deployment's CA authenticates the connection as {@code AUTH} would.
 */
final class RespConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RespConnection.class);
    private static final BadInputWarnings badInput = new BadInputWarnings(log, Duration.ofSeconds(10));

    private final CommandTable commands;
    private final List<GridCache> databases;
    private final RespLimits limits;
    private final RespMetrics metrics;
    private final long id;
    private final boolean passwordRequired;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private RespSession session;
    private boolean drainScheduled;
    /** Between a read's first request and its end ({@code channelReadComplete}), which drains what completed. */
    private boolean reading;
    private boolean closing;

    /**
     * @param id               the connection's number ({@code CLIENT ID})
     * @param passwordRequired whether a client without a certificate must {@code AUTH} first
     */
    RespConnection(CommandTable commands, List<GridCache> databases, RespLimits limits, RespMetrics metrics, long id,
                   boolean passwordRequired) {
        this.commands = commands;
        this.databases = databases;
        this.limits = limits;
        this.metrics = metrics;
        this.id = id;
        this.passwordRequired = passwordRequired;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.session = new RespSession(id, String.valueOf(ctx.channel().remoteAddress()), !passwordRequired,
                databases);
        metrics.connected();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        metrics.disconnected();
        pending.clear();
        closing = true;
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess() && clientIdentity(ctx).isPresent()) {
            session.authenticate();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            return; // after QUIT or a violation Redis reads no further command either
        }
        if (msg instanceof RespFrame.Violation violation) {
            metrics.violation(violation.reason());
            badInput.report("resp/" + violation.reason(), "RESP client {} sent bad input, closing: {}",
                    ctx.channel().remoteAddress(), violation.message());
            Pending refusal = new Pending("", System.nanoTime());
            refusal.reply = Reply.error("ERR " + violation.message());
            refusal.protocol = session.protocol();
            refusal.closeAfter = true;
            pending.add(refusal);
            closing = true;
            return;
        }
        RespFrame.Request request = (RespFrame.Request) msg;
        reading = true;
        Pending entry = new Pending(request.name(), System.nanoTime());
        pending.add(entry);
        // The handler runs now, in request order: SELECT, HELLO and AUTH apply to the requests behind it, and
        // the reply is written in the protocol in force after its own dispatch (HELLO 3 answers in RESP3).
        CompletionStage<Reply> reply = commands.execute(session, request);
        entry.protocol = session.protocol();
        entry.closeAfter = session.closing();
        closing = session.closing();
        reply.whenComplete((value, failure) ->
                answered(entry, value != null ? value : CommandTable.error(entry.command, failure)));
        updateReading();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        drain();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("RESP connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /** Takes {@code reply} for {@code entry}, on the event loop; the replies in order go out together. */
    private void answered(Pending entry, Reply reply) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> answered(entry, reply));
            return;
        }
        entry.reply = reply;
        metrics.answered(entry.command, System.nanoTime() - entry.startNanos, reply instanceof Reply.Error);
        if (!drainScheduled && !reading) {
            // One drain after the replies completing now: pipelined replies share a write and a flush. Replies
            // completing during a read (answered where they were read) leave at its end.
            drainScheduled = true;
            ctx.executor().execute(this::drain);
        }
    }

    /** Writes the replies at the head of the queue that are complete, in one buffer, and flushes. */
    private void drain() {
        drainScheduled = false;
        if (pending.isEmpty() || pending.peek().reply == null || !ctx.channel().isActive()) {
            return;
        }
        ByteBuf out = ctx.alloc().ioBuffer();
        boolean close = false;
        while (!pending.isEmpty() && pending.peek().reply != null && !close) {
            Pending done = pending.poll();
            ReplyWriter.write(done.reply, done.protocol, out);
            close = done.closeAfter;
        }
        if (close) {
            pending.clear();
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(out);
        updateReading();
    }

    /** Stops reading while too much is pending or unwritten; reads again once half of it went out. */
    private void updateReading() {
        boolean reading = ctx.channel().config().isAutoRead();
        if (reading && (pending.size() >= limits.maxPendingReplies() || !ctx.channel().isWritable())) {
            ctx.channel().config().setAutoRead(false);
            metrics.readsPaused();
        } else if (!reading && !closing && pending.size() <= limits.maxPendingReplies() / 2
                && ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** The identity of the client's certificate, if it presented one the handshake verified. */
    private static Optional<PeerIdentity> clientIdentity(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            Certificate[] chain = ssl == null ? new Certificate[0] : ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? PeerIdentity.of(leaf)
                    : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** A request in the reply queue: its reply once complete, in the protocol its dispatch left in force. */
    private static final class Pending {
        final String command;
        final long startNanos;
        int protocol = 2;
        boolean closeAfter;
        Reply reply;

        Pending(String command, long startNanos) {
            this.command = command;
            this.startNanos = startNanos;
        }
    }
}
