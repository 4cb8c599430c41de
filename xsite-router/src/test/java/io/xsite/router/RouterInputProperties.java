package io.xsite.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.wire.gossip.GossipData;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.slf4j.LoggerFactory;

/**
 * What the router does with any input on one connection, without sockets: the frame limit before a
 * registration follows the stream's length prefixes wherever reads cut it, and garbage (with or without a
 * valid REGISTER in front) never escapes the connection's handlers as an exception, however it is cut.
 */
class RouterInputProperties {
    private static final int LIMIT = 1_000;

    @Property(tries = 300)
    void framesWithinTheLimitPassUntouchedAndALongerOneIsRefused(@ForAll("lengths") List<Integer> lengths,
                                                                 @ForAll long seed) {
        byte[] stream = framesOf(lengths);
        EmbeddedChannel channel = new TestChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new UnregisteredFrameLimit(new ClientConnection(ch, new PendingFlushes(), 0),
                        LIMIT));
            }
        });
        try {
            if (lengths.stream().allMatch(length -> length <= LIMIT)) {
                writeCut(channel, stream, new Random(seed));
                channel.checkException();
                assertThat(readAll(channel)).isEqualTo(stream);
            } else {
                assertThatThrownBy(() -> {
                    writeCut(channel, stream, new Random(seed));
                    channel.checkException();
                }).isInstanceOf(TooLongFrameException.class);
                int firstTooLong = 0;
                for (int length : lengths) {
                    if (length > LIMIT) {
                        break;
                    }
                    firstTooLong += 4 + length;
                }
                assertThat(readAll(channel).length).isLessThanOrEqualTo(firstTooLong + 4);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Property(tries = 300)
    void garbageNeverEscapesTheConnection(@ForAll("garbage") byte[] garbage, @ForAll boolean registerFirst,
                                          @ForAll long seed) {
        RouterConfig config = RouterConfig.loopback().withMaxControlFrameBytes(LIMIT).withMaxFrameBytes(4 * LIMIT)
                .withMaxNameLength(20);
        RouterMetrics metrics = new RouterMetrics();
        BadInputWarnings warnings = new BadInputWarnings(LoggerFactory.getLogger(RouterInputProperties.class),
                Duration.ofSeconds(1));
        RoutingTable table = new RoutingTable(metrics, config, RegistrationPolicy.ALLOW_ALL, warnings);
        EmbeddedChannel channel = new TestChannel(new ClientPipeline(config, RouterAccess.PLAIN, table, metrics,
                warnings));
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        if (registerFirst) {
            input.writeBytes(TestClient.framed(GossipData.register("g", UuidAddress.randomUuid(), "A",
                    TestClient.physical(1))));
        }
        input.writeBytes(garbage);
        try {
            writeCut(channel, input.toByteArray(), new Random(seed));
            channel.runPendingTasks();
            channel.checkException();
            assertThat(table.groups().size()).isLessThanOrEqualTo(1);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Provide
    Arbitrary<List<Integer>> lengths() {
        Arbitrary<Integer> within = Arbitraries.integers().between(0, LIMIT);
        Arbitrary<Integer> over = Arbitraries.integers().between(LIMIT + 1, Integer.MAX_VALUE);
        return Arbitraries.frequencyOf(Tuple.of(9, within), Tuple.of(1, over)).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3 * LIMIT);
    }

    private static byte[] framesOf(List<Integer> lengths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int length : lengths) {
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            if (length <= LIMIT) {
                out.writeBytes(new byte[length]);
            }
        }
        return out.toByteArray();
    }

    /** Writes {@code bytes} in reads cut at random places. */
    private static void writeCut(EmbeddedChannel channel, byte[] bytes, Random random) {
        int offset = 0;
        while (offset < bytes.length && channel.isOpen()) {
            int chunk = 1 + random.nextInt(Math.min(bytes.length - offset, 700));
            channel.writeInbound(Unpooled.copiedBuffer(bytes, offset, chunk));
            offset += chunk;
        }
    }

    private static byte[] readAll(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf read;
        while ((read = channel.readInbound()) != null) {
            out.writeBytes(ByteBufUtil.getBytes(read));
            read.release();
        }
        return out.toByteArray();
    }
}
