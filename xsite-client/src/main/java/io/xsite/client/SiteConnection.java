package io.xsite.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One RESP connection to one endpoint of a site: authenticates and selects the database first, then writes
 * operations and completes them from the replies, which come in order. Everything runs on the client's one
 * I/O thread, which is also this channel's event loop.
 *
 * <p>Replies that say the site cannot serve ({@link #UNAVAILABLE}) do not complete their operation: they go
 * to {@link Events#onUnavailable}, which decides between a retry elsewhere and a failure. When the channel
 * closes, for whatever reason, the operations still in flight go to {@link Events#onClosed}, once.
 */
final class SiteConnection extends SimpleChannelInboundHandler<RespValue> {
    /**
     * Error codes that mean "this site cannot serve now", not "this operation is wrong": the grid's minority
     * side ({@code CLUSTERDOWN}, applied nothing), an unreachable segment ({@code TRYAGAIN}), and Redis' own
     * for a replica or a server still loading.
     */
    static final List<String> UNAVAILABLE = List.of("CLUSTERDOWN", "TRYAGAIN", "READONLY", "LOADING", "MASTERDOWN");

    /** What the connection tells its owner, on the I/O thread. */
    interface Events {
        /** Authenticated and ready for operations. */
        void onReady(SiteConnection connection);

        /** {@code operation} was answered and completed (a value or its own error); the site serves. */
        void onAnswered(SiteConnection connection, Operation operation);

        /** The site answered {@code operation} with {@code error}, one of {@link #UNAVAILABLE}. */
        void onUnavailable(SiteConnection connection, Operation operation, RespValue.Err error);

        /** Closed or never opened; {@code inFlight} were sent and not answered, oldest first. */
        void onClosed(SiteConnection connection, List<Operation> inFlight, Throwable cause);
    }

    /** What every connection of a client shares. */
    record Settings(Optional<String> password, int database, Optional<RespTls> tls, ReplyLimits limits,
                    ClientTimeouts timeouts) {
    }

    private final String site;
    private final InetSocketAddress endpoint;
    private final Events events;
    private final ArrayDeque<Operation> inFlight = new ArrayDeque<>();
    private Channel channel;
    /** Replies still expected for AUTH and SELECT before operations may go out. */
    private int handshakeReplies;
    private long handshakeSentNanos;
    private boolean ready;
    private boolean retiring;
    private boolean flushScheduled;
    private Throwable cause;
    private boolean closeReported;

    private SiteConnection(String site, InetSocketAddress endpoint, Events events) {
        this.site = site;
        this.endpoint = endpoint;
        this.events = events;
    }

    /** Connects to {@code endpoint} of {@code site} on {@code loop}; the events say how it went. */
    static SiteConnection open(EventLoop loop, String site, InetSocketAddress endpoint, Settings settings,
                               Events events) {
        SiteConnection connection = new SiteConnection(site, endpoint, events);
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.timeouts().connect().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        settings.tls().ifPresent(tls -> {
                            SslHandler ssl = tls.context().newHandler(ch.alloc(), endpoint.getHostString(),
                                    endpoint.getPort());
                            // A handshake is a request like any other: given up after the response timeout.
                            ssl.setHandshakeTimeoutMillis(settings.timeouts().response().toMillis());
                            ch.pipeline().addLast(ssl);
                        });
                        ch.pipeline().addLast(new ReplyDecoder(settings.limits()), connection);
                    }
                });
        connection.channel = bootstrap.connect(endpoint).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connection.closed(f.cause());
            } else if (settings.tls().isPresent()) {
                connection.afterTls(settings.tls().get(), settings);
            } else {
                connection.handshake(settings);
            }
        }).channel();
        return connection;
    }

    /**
     * Starts the RESP handshake once TLS is up and the server's certificate may serve this site; else closes
     * with the reason, so that the next endpoint is tried.
     */
    private void afterTls(RespTls tls, Settings settings) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            close(new GridClientException("site " + site + " at " + endpoint + " closed before TLS began", null));
            return;
        }
        ssl.handshakeFuture().addListener(done -> {
            if (!done.isSuccess()) {
                close(new GridClientException("TLS handshake with site " + site + " at " + endpoint + " failed: "
                        + done.cause().getMessage(), done.cause()));
                return;
            }
            Optional<String> refused = tls.refuse(ssl.engine().getSession(), site);
            if (refused.isPresent()) {
                close(new GridClientException("site " + site + " at " + endpoint + " is not served by a member of "
                        + site + ": " + refused.get(), null));
            } else {
                handshake(settings);
            }
        });
    }

    String site() {
        return site;
    }

    InetSocketAddress endpoint() {
        return endpoint;
    }

    boolean ready() {
        return ready && !retiring && channel.isActive();
    }

    /** Operations sent and not answered. */
    int inFlight() {
        return inFlight.size();
    }

    /** When the oldest request in flight (an operation, or AUTH and SELECT) was sent, or empty. */
    Optional<Long> oldestSentNanos() {
        if (handshakeReplies > 0) {
            return Optional.of(handshakeSentNanos);
        }
        Operation oldest = inFlight.peekFirst();
        return oldest == null ? Optional.empty() : Optional.of(oldest.sentAtNanos);
    }

    /** Writes {@code operation}; the flush follows once this round of the loop has queued its writes. */
    void send(Operation operation) {
        operation.sentAtNanos = System.nanoTime();
        inFlight.addLast(operation);
        write(operation.arguments);
    }

    /** Takes no more operations and closes once those in flight are answered. */
    void retire() {
        retiring = true;
        if (inFlight.isEmpty()) {
            close(null);
        }
    }

    /** Closes now; the operations in flight go to {@link Events#onClosed} with {@code why}. */
    void close(Throwable why) {
        if (cause == null) {
            cause = why;
        }
        channel.close();
    }

    private void handshake(Settings settings) {
        handshakeSentNanos = System.nanoTime();
        settings.password().ifPresent(password -> {
            handshakeReplies++;
            write(List.of(bytes("AUTH"), bytes(password)));
        });
        if (settings.database() != 0) {
            handshakeReplies++;
            write(List.of(bytes("SELECT"), bytes(Integer.toString(settings.database()))));
        }
        if (handshakeReplies == 0) {
            ready = true;
            events.onReady(this);
        }
    }

    private void write(List<byte[]> arguments) {
        ByteBuf buf = channel.alloc().buffer(CommandEncoder.encodedSize(arguments));
        CommandEncoder.encode(arguments, buf);
        channel.write(buf, channel.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(() -> {
                flushScheduled = false;
                channel.flush();
            });
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RespValue reply) {
        if (handshakeReplies > 0) {
            handshakeReplies--;
            if (reply instanceof RespValue.Err error) {
                close(new GridClientException("site " + site + " at " + endpoint + " refused the handshake: "
                        + error.message(), null));
            } else if (handshakeReplies == 0) {
                ready = true;
                events.onReady(this);
            }
            return;
        }
        Operation operation = inFlight.pollFirst();
        if (operation == null) {
            close(new GridClientException("site " + site + " at " + endpoint + " sent a reply nobody asked for", null));
            return;
        }
        if (reply instanceof RespValue.Err error && UNAVAILABLE.contains(error.code())) {
            events.onUnavailable(this, operation, error);
        } else {
            if (reply instanceof RespValue.Err error) {
                operation.result.completeExceptionally(new ServerErrorException(site, error));
            } else {
                operation.result.complete(reply);
            }
            events.onAnswered(this, operation);
        }
        if (retiring && inFlight.isEmpty()) {
            close(null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
        close(failure);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed(cause);
    }

    private void closed(Throwable why) {
        if (closeReported) {
            return;
        }
        closeReported = true;
        ready = false;
        List<Operation> lost = new ArrayList<>(inFlight);
        inFlight.clear();
        events.onClosed(this, lost, why != null ? why : cause);
    }

    @Override
    public String toString() {
        return site + "@" + endpoint;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
