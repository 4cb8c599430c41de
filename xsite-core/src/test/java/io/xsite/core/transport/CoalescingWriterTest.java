package io.xsite.core.transport;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.xsite.net.loop.EventLoops;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CoalescingWriter} over a real loopback connection: the client's pipeline frames single writes
 * with a {@link LengthFieldPrepender} named {@value #PREPENDER}, the server splits frames with a
 * {@link LengthFieldBasedFrameDecoder}, so every frame must arrive as written whichever path it took
 * (in place on the loop, whatever its size; copied from a buffer into a batch; queued by another thread;
 * or, as a buffer larger than 16 KB, written on its own).
 */
class CoalescingWriterTest {
    private static final String PREPENDER = "length";
    /** Above the writer's 16 KB limit for frames copied into a batch. */
    private static final int LARGE = 16 * 1024 + 1;
    /** A bound no test but the refusal one reaches. */
    private static final long UNBOUNDED = 1L << 30;

    private EventLoopGroup serverLoop;
    private EventLoopGroup clientLoop;
    private Channel server;
    private Channel client;
    private final Queue<byte[]> received = new ConcurrentLinkedQueue<>();
    /** Sizes of the buffers the client's pipeline hands to its socket, in order. */
    private final Queue<Integer> socketWrites = new ConcurrentLinkedQueue<>();
    private final Queue<Channel> accepted = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startServer() throws Exception {
        serverLoop = EventLoops.create("coalescing-server", 1);
        clientLoop = EventLoops.create("coalescing-client", 1);
        server = new ServerBootstrap().group(serverLoop).channel(EventLoops.serverSocketChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.add(ch);
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4))
                                .addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        received.add(ByteBufUtil.getBytes(frame));
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        client = connect(new LengthFieldPrepender(4));
    }

    /** A client whose pipeline has {@code framing} named {@value #PREPENDER}, above the socket-write probe. */
    private Channel connect(ChannelHandler framing) throws InterruptedException {
        return new Bootstrap().group(clientLoop).channel(EventLoops.socketChannel())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("socket-writes", new SocketWrites()).addLast(PREPENDER, framing);
                    }
                })
                .connect(server.localAddress()).sync().channel();
    }

    @AfterEach
    void close() throws Exception {
        client.close().sync();
        accepted.forEach(Channel::close);
        server.close().sync();
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void framesWrittenOnTheLoopArriveAsWrittenAndInOrder() throws Exception {
        CoalescingWriter writer = new CoalescingWriter(client, PREPENDER, UNBOUNDED, () -> { });
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            expected.add(Frames.payload(1, i));
        }
        // Large frames of both kinds right between small ones, whatever the stream happens to hold.
        expected.set(10, bytes(3, LARGE));
        expected.set(12, bytes(4, 64 * 1024));
        expected.set(13, bytes(5, LARGE + 100));
        // Written in place (even positions) a large frame still goes into a batch; as a buffer (odd), on its own.
        List<byte[]> large = IntStream.range(0, expected.size()).filter(i -> i % 2 == 1)
                .mapToObj(expected::get).filter(f -> f.length >= LARGE).toList();
        assertThat(large).as("large buffers").isNotEmpty();
        long small = expected.stream().filter(f -> f.length < LARGE).count();
        assertThat(small).as("small frames").isGreaterThan(400);

        // Three loop rounds of 200 frames, alternating frames written in place and buffers.
        for (int round = 0; round < 3; round++) {
            List<byte[]> frames = expected.subList(round * 200, round * 200 + 200);
            onLoop(() -> {
                for (int i = 0; i < frames.size(); i++) {
                    boolean taken = i % 2 == 0 ? writer.write(new BytesFrame(frames.get(i)))
                            : writer.write(Frames.buffer(frames.get(i)));
                    assertThat(taken).as("frame %d taken", i).isTrue();
                }
            });
        }

        awaitReceived(expected.size());
        assertReceivedInOrder(expected);
        List<Integer> writes = List.copyOf(socketWrites);
        assertThat(writes).as("each large buffer is written on its own with its length, not copied into a batch")
                .containsAll(large.stream().map(f -> 4 + f.length).toList());
        // Each large buffer goes out as one buffer with its length; every other buffer is a batch.
        int batches = writes.size() - large.size();
        assertThat(batches).as("small frames share batch buffers").isPositive().isLessThan((int) small / 4);
    }

    @Test
    void aFullWriterRefusesAndRunsOnRoomAgainOnTheLoopOnceDrained() throws Exception {
        AtomicInteger roomAgain = new AtomicInteger();
        Queue<Boolean> roomAgainOnLoop = new ConcurrentLinkedQueue<>();
        long bound = 10_000;
        CoalescingWriter writer = new CoalescingWriter(client, PREPENDER, bound, () -> {
            roomAgainOnLoop.add(client.eventLoop().inEventLoop());
            roomAgain.incrementAndGet();
        });
        List<byte[]> taken = new ArrayList<>();
        ByteBuf refused = Frames.buffer(bytes(7, 100));
        try {
            onLoop(() -> {
                for (int i = 0; writer.hasRoom(); i++) {
                    byte[] frame = bytes(i, 1000);
                    assertThat(writer.write(new BytesFrame(frame))).isTrue();
                    taken.add(frame);
                }
                assertThat(writer.write(new BytesFrame(bytes(9, 10)))).as("in place, full").isFalse();
                assertThat(writer.write(refused)).as("buffer, full").isFalse();
                assertThat(roomAgain).as("no room until the round's drain").hasValue(0);
            });
            assertThat(taken).as("frames taken up to the bound").hasSize((int) (bound / 1000));
            assertThat(refused.refCnt()).as("a refused buffer stays the caller's").isEqualTo(1);
        } finally {
            refused.release();
        }

        await("onRoomAgain after the drain").atMost(ofSeconds(5)).until(() -> roomAgain.get() > 0);
        assertThat(roomAgainOnLoop).containsExactly(true);
        assertThat(writer.hasRoom()).isTrue();
        byte[] after = bytes(10, 50);
        onLoop(() -> assertThat(writer.write(new BytesFrame(after))).isTrue());
        taken.add(after);
        awaitReceived(taken.size());
        assertReceivedInOrder(taken);
        assertThat(roomAgain).as("one refused spell, one onRoomAgain").hasValue(1);
    }

    @Test
    void largeFramesArriveFramedWhenTheNamedHandlerPassesBuffersOnAsTheyAre() throws Exception {
        // The tunnel's case: its gossip frame encoder frames only GossipData and passes a buffer on as is.
        client.close().sync();
        client = connect(new ChannelOutboundHandlerAdapter());
        CoalescingWriter writer = new CoalescingWriter(client, PREPENDER, UNBOUNDED, () -> { });
        List<byte[]> expected = List.of(bytes(1, 10), bytes(2, LARGE), bytes(3, 20), bytes(4, 40_000), bytes(5, 30),
                bytes(6, 10), bytes(7, LARGE), bytes(8, 20));

        onLoop(() -> {
            for (int i = 0; i < expected.size(); i++) {
                boolean taken = i % 2 == 0 ? writer.write(new BytesFrame(expected.get(i)))
                        : writer.write(Frames.buffer(expected.get(i)));
                assertThat(taken).isTrue();
            }
        });

        awaitReceived(expected.size());
        assertReceivedInOrder(expected);
    }

    @Test
    void framesWrittenFromInsideTheWriteOfABatchGoIntoTheNextOneIntact() throws Exception {
        // The real case: writing a batch crosses the high-water mark, a flush handler flushes, the channel
        // becomes writable again and a writability listener sends more, all inside the batch's write.
        CoalescingWriter writer = new CoalescingWriter(client, PREPENDER, UNBOUNDED, () -> { });
        byte[] small = tagged(1, 0);
        byte[] largeFrame = bytes(11, LARGE);
        ByteBuffer.wrap(largeFrame).putInt(2);
        client.pipeline().addAfter("socket-writes", "re-entering", new ChannelOutboundHandlerAdapter() {
            private boolean entered;

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.write(msg, promise);
                if (!entered) {
                    entered = true;
                    assertThat(writer.write(new BytesFrame(small))).isTrue();
                    assertThat(writer.write(Frames.buffer(largeFrame))).isTrue();
                }
            }
        });
        int count = 200;
        onLoop(() -> {
            for (int i = 0; i < count; i++) {
                assertThat(writer.write(new BytesFrame(tagged(0, i)))).as("frame %d taken", i).isTrue();
            }
        });

        awaitReceived(count + 2);
        List<byte[]> got = List.copyOf(received);
        List<Integer> stream = new ArrayList<>();
        List<Integer> reentered = new ArrayList<>();
        for (byte[] frame : got) {
            int id = ByteBuffer.wrap(frame).getInt();
            if (id == 0) {
                int i = ByteBuffer.wrap(frame).getInt(4);
                assertThat(frame).as("frame %d", i).isEqualTo(tagged(0, i));
                stream.add(i);
            } else {
                assertThat(frame).as("frame written from inside a write").isEqualTo(id == 1 ? small : largeFrame);
                reentered.add(id);
            }
        }
        assertThat(stream).isEqualTo(IntStream.range(0, count).boxed().toList());
        assertThat(reentered).containsExactly(1, 2);
    }

    @Test
    void aFrameThatWritesOtherThanItsSizeTripsTheAssertion() throws Exception {
        assumeThat(CoalescingWriter.class.desiredAssertionStatus()).as("tests run with -ea").isTrue();
        CoalescingWriter writer = new CoalescingWriter(client, PREPENDER, UNBOUNDED, () -> { });
        OutboundFrame lying = new OutboundFrame() {
            @Override
            public int size() {
                return 8;
            }

            @Override
            public void writeTo(ByteBuf out) {
                out.writeInt(1);
            }
        };

        assertThatThrownBy(() -> onLoop(() -> {
            try {
                writer.write(lying);
            } finally {
                // The batch holding the broken frame is written by the next drain, so nothing leaks.
                writer.write(Frames.buffer(new byte[] {1}));
            }
        })).hasRootCauseInstanceOf(AssertionError.class).hasRootCauseMessage("frame wrote 4 of 8");
    }

    /** Runs {@code task} on the client's loop as one round and waits for it, rethrowing its failure. */
    private void onLoop(ThrowingRunnable task) throws Exception {
        client.eventLoop().submit(() -> {
            task.run();
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    private void awaitReceived(int frames) {
        await("the server receives " + frames + " frames").atMost(ofSeconds(10))
                .until(() -> received.size() >= frames);
        assertThat(received).hasSize(frames);
    }

    private void assertReceivedInOrder(List<byte[]> expected) {
        List<byte[]> got = List.copyOf(received);
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(got.get(i)).as("frame %d (%d B)", i, expected.get(i).length).isEqualTo(expected.get(i));
        }
    }

    /** {@code size} reproducible bytes. */
    private static byte[] bytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Frame {@code i} of {@code stream}: both numbers, then that frame of {@link Frames}. */
    private static byte[] tagged(int stream, int i) {
        byte[] payload = Frames.payload(stream, i);
        return ByteBuffer.allocate(8 + payload.length).putInt(stream).putInt(i).put(payload).array();
    }

    /** A task that may throw, run on the loop. */
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Records the size of every buffer the pipeline hands to the socket: batches and frames on their own. */
    private final class SocketWrites extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buffer) {
                socketWrites.add(buffer.readableBytes());
            }
            ctx.write(msg, promise);
        }
    }
}
