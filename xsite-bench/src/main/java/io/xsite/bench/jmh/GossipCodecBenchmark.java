package io.xsite.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipCodec;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipHeader;
import java.net.InetAddress;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec hot paths of the router: reading the routing header of a MESSAGE frame (what the router
 * does for every forwarded frame) and encoding a REGISTER (what every client does on connect).
 * Buffers are direct and pooled, as on a Netty channel. Run with
 * {@code java -cp ... org.openjdk.jmh.Main GossipCodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GossipCodecBenchmark {
    private static final int PAYLOAD_BYTES = 1024;

    private ByteBuf messageBody;
    private ByteBuf registerOut;
    private GossipData register;

    /** Encodes the 1 KB MESSAGE body once and sizes the REGISTER output buffer. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        UuidAddress destination = UuidAddress.siteUuid(UUID.randomUUID(), "_nyc1", "nyc", 0);
        UuidAddress sender = UuidAddress.siteUuid(UUID.randomUUID(), "_sfc1", "sfc", UuidAddress.CAN_BECOME_SITE_MASTER);
        GossipData message = GossipData.message("bridge", destination, sender, new byte[PAYLOAD_BYTES]);
        messageBody = PooledByteBufAllocator.DEFAULT.directBuffer(GossipCodec.encodedSize(message));
        GossipCodec.encode(message, messageBody);
        register = GossipData.register("bridge", sender, "_sfc1",
                new IpAddress(InetAddress.getByName("10.0.0.1"), 7800));
        registerOut = PooledByteBufAllocator.DEFAULT.directBuffer(GossipCodec.encodedSize(register));
    }

    /** Releases the buffers this state owns. */
    @TearDown(Level.Trial)
    public void tearDown() {
        messageBody.release();
        registerOut.release();
    }

    /** GossipHeader.read on a 1 KB MESSAGE body: type, group, destination and sender. */
    @Benchmark
    public GossipHeader readMessageHeader() {
        messageBody.readerIndex(0);
        return GossipHeader.read(messageBody);
    }

    /** GossipCodec.encode of a REGISTER of a bridge member (site address, name, IPv4 physical). */
    @Benchmark
    public int encodeRegister() {
        registerOut.clear();
        GossipCodec.encode(register, registerOut);
        return registerOut.writerIndex();
    }
}
