package io.xsite.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import io.xsite.wire.gossip.GossipHeader;
import io.xsite.wire.gossip.MessageHeaderReader;
import io.xsite.wire.gossip.GossipType;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load client of a router: a connection that registers one member in a group, sends MESSAGE
 * frames to one peer member, and records the latency of the MESSAGE frames it receives.
 *
 * <p>Each message carries its send time ({@link System#nanoTime()}) and a sequence number in its
 * first 16 payload bytes. The frame is encoded once per run; a send writes the prefix and the tail of
 * that template as retained slices with a fresh 16-byte stamp between them, so no payload is copied.
 * At most {@code window} messages are in flight: the receiving client (in this JVM) acknowledges
 * each delivery to its sender through {@link #onDelivered()}, so the router is kept saturated without
 * unbounded queues anywhere. Sending and receiving run on the channel's event loop.
 */
final class LoadClient implements AutoCloseable {
    /** Payload bytes the stamp takes: send time and sequence number. */
    static final int STAMP_BYTES = 16;
    private static final Logger LOG = LoggerFactory.getLogger(LoadClient.class);
    private static final int MAX_FRAME_BYTES = 16 << 20;

    private final String group;
    private final int window;
    private final UuidAddress member = UuidAddress.randomUuid();
    private final Recorder latencyNanos = new Recorder(3);
    private final LongAdder received = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The router forwards one sender's frames to this client, each with the same header: decoded once. */
    private final MessageHeaderReader headers = new MessageHeaderReader();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean sending;
    private Channel channel;
    private volatile LoadClient source;
    /** Owned; released on close. Only touched on the event loop. */
    private ByteBuf template;
    private int payloadOffset;
    private int payloadBytes;
    private long nextSequence;
    private long expectedSequence;

    private LoadClient(String group, int window) {
        this.group = group;
        this.window = window;
    }

    /** Connects to {@code router} and registers a fresh member in {@code group}; waits for both. */
    static LoadClient connect(Bootstrap bootstrap, InetSocketAddress router, String group, int window)
            throws InterruptedException {
        LoadClient client = new LoadClient(group, window);
        client.channel = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(GossipFraming.frameDecoder(MAX_FRAME_BYTES), client.new Receiver());
            }
        }).connect(router).sync().channel();
        IpAddress physical = IpAddress.of((InetSocketAddress) client.channel.localAddress());
        GossipData register = GossipData.register(group, client.member, "load-" + physical.port(), physical);
        client.channel.writeAndFlush(GossipFraming.encodeFramed(register, client.channel.alloc())).sync();
        return client;
    }

    /**
     * Starts sending {@code payloadBytes}-byte messages to {@code target}, which must be registered
     * in the same group; {@code target} learns this client as its source.
     */
    void startSending(LoadClient target, int payloadBytes) {
        if (payloadBytes < STAMP_BYTES) {
            throw new IllegalArgumentException("payload below " + STAMP_BYTES + " bytes: " + payloadBytes);
        }
        target.source = this;
        channel.eventLoop().execute(() -> {
            GossipData message = GossipData.message(group, target.member, member, new byte[payloadBytes]);
            template = GossipFraming.encodeFramed(message, channel.alloc());
            this.payloadBytes = payloadBytes;
            payloadOffset = template.readableBytes() - payloadBytes;
            sending = true;
            fill();
        });
    }

    /** Stops sending; {@link #drained()} completes once every message sent has been delivered. */
    void stopSending() {
        channel.eventLoop().execute(() -> {
            sending = false;
            if (inFlight.get() == 0) {
                drained.complete(null);
            }
        });
    }

    /** Completes when sending has stopped and nothing is in flight. */
    CompletableFuture<Void> drained() {
        return drained;
    }

    /** Messages sent and not yet delivered. */
    int inFlight() {
        return inFlight.get();
    }

    /** Messages this client has received so far. */
    long received() {
        return received.sum();
    }

    /** Messages that arrived with another sequence number than the next expected one. */
    long outOfOrder() {
        return outOfOrder.sum();
    }

    /** The latencies (ns) recorded since the previous call; the first call discards the warm-up. */
    Histogram takeLatencies() {
        return latencyNanos.getIntervalHistogram();
    }

    /** Called by the receiving client when one of this client's messages arrived; any thread. */
    private void onDelivered() {
        int left = inFlight.decrementAndGet();
        if (!sending) {
            if (left == 0) {
                drained.complete(null);
            }
        } else if (left == window / 2) {
            // Refill in batches of half a window: one task per batch, not per delivery.
            channel.eventLoop().execute(this::fill);
        }
    }

    /** Writes until the window is full or the channel stops being writable; event loop only. */
    private void fill() {
        boolean wrote = false;
        while (sending && inFlight.get() < window && channel.isWritable()) {
            writeOne();
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void writeOne() {
        inFlight.incrementAndGet();
        channel.write(template.retainedSlice(0, payloadOffset), channel.voidPromise());
        ByteBuf stamp = channel.alloc().buffer(STAMP_BYTES);
        stamp.writeLong(System.nanoTime()).writeLong(nextSequence++);
        channel.write(stamp, channel.voidPromise());
        int rest = payloadBytes - STAMP_BYTES;
        if (rest > 0) {
            channel.write(template.retainedSlice(payloadOffset + STAMP_BYTES, rest), channel.voidPromise());
        }
    }

    /** Records one received frame; borrows {@code frame}. */
    private void onFrame(ByteBuf frame) {
        GossipHeader header = headers.read(frame);
        if (header.type() != GossipType.MESSAGE) {
            return; // a SUSPECT or HEARTBEAT says nothing about forwarding
        }
        frame.skipBytes(Integer.BYTES); // payload length
        long sentAt = frame.readLong();
        long sequence = frame.readLong();
        latencyNanos.recordValue(Math.max(0, System.nanoTime() - sentAt));
        if (sequence != expectedSequence) {
            outOfOrder.increment();
        }
        expectedSequence = sequence + 1;
        received.increment();
        source.onDelivered();
    }

    @Override
    public void close() {
        sending = false;
        channel.close().syncUninterruptibly();
        channel.eventLoop().submit(() -> {
            if (template != null) {
                template.release();
                template = null;
            }
        }).syncUninterruptibly();
    }

    /** The inbound end of the pipeline: frames to {@link #onFrame}, writability to {@link #fill}. */
    private final class Receiver extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            onFrame(frame);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                fill();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("load client {} in group {}: closing after {}", member, group, cause.toString());
            ctx.close();
        }
    }
}
