package io.xsite.core.internal.tunnel;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.BytesFrame;
import io.xsite.net.loop.EventLoops;
import io.xsite.core.transport.Frames;
import io.xsite.core.transport.OnLoop;
import io.xsite.core.transport.RecordingTransportListener;
import io.xsite.core.transport.TransportListener;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TunnelTransport#send(UuidAddress, io.xsite.core.transport.OutboundFrame)} through a real JGroups
 * GossipRouter, with each transport on an event loop of its own: frames are encoded in place into the
 * router connection's write batch, frames in buffers of their own take the buffer path (a MESSAGE routed
 * on its own); both must arrive intact and in order.
 */
class TunnelInPlaceSendTest {
    private static final int FRAMES = 1000;
    private static final String GROUP = "in-place";

    private JGroupsRouter router;
    private final List<EventLoopGroup> loops = new ArrayList<>();
    private final List<OnLoop<TunnelTransport>> transports = new ArrayList<>();

    @BeforeEach
    void startRouter() throws Exception {
        router = JGroupsRouter.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        transports.forEach(transport -> transport.run(TunnelTransport::close));
        for (EventLoopGroup group : loops) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        router.close();
    }

    @Test
    void framesSentInPlaceArriveIntactAndInOrder() throws Exception {
        Pair pair = startPair();
        long stream = 42;
        pair.receiverListener().expect(pair.sender(), stream);
        assertThat(bytes(stream, FRAMES)).as("the frames exceed the client's write bound").isGreaterThan(1 << 20);
        LoopSender sender = new LoopSender(pair, stream, FRAMES);

        sender.start();

        await("the sender's loop hands over all " + FRAMES + " frames").atMost(ofSeconds(20))
                .until(() -> sender.next() == FRAMES);
        await("the receiver gets all " + FRAMES + " frames").atMost(ofSeconds(20))
                .until(() -> pair.receiverListener().received(pair.sender()) >= FRAMES);
        assertThat(pair.receiverListener().problems()).isEmpty();
        assertThat(pair.receiverListener().received(pair.sender())).isEqualTo(FRAMES);
        assertThat(sender.refusals()).as("more than the 1 MiB write bound was sent in one round, so the writer refused"
                + " and onWritable resumed the sender").isPositive();
    }

    @Test
    void framesInBuffersAfterFramesInPlaceKeepTheOrder() throws Exception {
        Pair pair = startPair();
        long stream = 7;
        pair.receiverListener().expect(pair.sender(), stream);
        LoopSender inPlace = new LoopSender(pair, stream, FRAMES / 2);
        inPlace.start();
        await("the sender's loop hands over its frames").atMost(ofSeconds(20))
                .until(() -> inPlace.next() == FRAMES / 2);

        for (int i = FRAMES / 2; i < FRAMES; i++) {
            byte[] payload = Frames.payload(stream, i);
            if (!pair.sending().check(t -> t.send(pair.receiver(), Frames.buffer(payload)))) {
                // Refused while the router connection drains the bytes before it: retried until taken.
                await("frame " + i + " taken").atMost(ofSeconds(10))
                        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                        .until(() -> pair.sending().check(t -> t.send(pair.receiver(), Frames.buffer(payload))));
            }
        }

        await("the receiver gets all " + FRAMES + " frames").atMost(ofSeconds(20))
                .until(() -> pair.receiverListener().received(pair.sender()) >= FRAMES);
        assertThat(pair.receiverListener().problems()).isEmpty();
        assertThat(pair.receiverListener().received(pair.sender())).isEqualTo(FRAMES);
    }

    @Test
    void aSenderRefusedBeforeItsRouterConnectionDropsHearsOnWritableOnceARouterIsBack() throws Exception {
        Pair pair = startPair();
        AtomicInteger writables = new AtomicInteger();
        pair.resume().set(writables::incrementAndGet);
        AtomicInteger taken = new AtomicInteger();
        // One round: in-place frames until refused, then the router goes before the round's drain, so
        // neither the drain nor the connection's writability can end the refusal.
        pair.senderLoop().submit(() -> {
            while (pair.senderTransport().send(pair.receiver(), new BytesFrame(new byte[1000]))) {
                taken.incrementAndGet();
            }
            router.stop();
        }).get(10, TimeUnit.SECONDS);
        assertThat(taken.get()).as("frames taken before the refusal").isPositive();
        await("the sender sees its router down").atMost(ofSeconds(5))
                .until(() -> !pair.sending().check(t -> t.isWritable(pair.receiver())));

        router.restart();

        await("the sender can send again").atMost(ofSeconds(10))
                .until(() -> pair.sending().check(t -> t.isWritable(pair.receiver())));
        await("onWritable follows the refusal").atMost(ofSeconds(5)).until(() -> writables.get() > 0);
    }

    /** Two started transports that know each other, each on its own single-thread loop. */
    private Pair startPair() {
        UuidAddress a = member("a");
        UuidAddress b = member("b");
        EventLoop senderLoop = newLoop("tunnel-a");
        EventLoop receiverLoop = newLoop("tunnel-b");
        TunnelTransport senderTransport = new TunnelTransport(config(a), senderLoop);
        TunnelTransport receiverTransport = new TunnelTransport(config(b), receiverLoop);
        OnLoop<TunnelTransport> sending = new OnLoop<>(senderTransport, senderLoop);
        OnLoop<TunnelTransport> receiving = new OnLoop<>(receiverTransport, receiverLoop);
        transports.add(sending);
        transports.add(receiving);
        RecordingTransportListener receiverListener = new RecordingTransportListener();
        AtomicReference<Runnable> resume = new AtomicReference<>();
        Pair pair = new Pair(a, b, senderLoop, senderTransport, sending, receiverListener, resume);
        // The sender's listener runs on its loop: onWritable resumes a refused loop sender there.
        senderTransport.start(new ResumingListener(new RecordingTransportListener(), resume));
        receiverTransport.start(receiverListener);
        sending.run(t -> t.learn(b, receiverTransport.physicalAddress()));
        receiving.run(t -> t.learn(a, senderTransport.physicalAddress()));
        await(a + " can send to " + b + " through the router").atMost(ofSeconds(10))
                .until(() -> sending.check(t -> t.isWritable(b)));
        return pair;
    }

    private EventLoop newLoop(String name) {
        EventLoopGroup group = EventLoops.create(name, 1);
        loops.add(group);
        return group.next();
    }

    private RouterClientConfig config(UuidAddress member) {
        return RouterClientConfig.of(List.of(router.address()), GROUP, member, member.toString(), null)
                .withHeartbeat(Duration.ofMillis(200), Duration.ofSeconds(2))
                .withReconnectDelays(Duration.ofMillis(20), Duration.ofMillis(200))
                .withConnectTimeout(Duration.ofSeconds(1));
    }

    private static UuidAddress member(String name) {
        return UuidAddress.siteUuid(UUID.randomUUID(), name, null, 0);
    }

    /** Bytes of frames {@code 0..count-1} of {@code stream}. */
    private static long bytes(long stream, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += Frames.payload(stream, i).length;
        }
        return total;
    }

    /**
     * A sender and a receiver; {@code resume} is what the sender's onWritable runs on its loop (the loop
     * sender refused last, if any).
     */
    private record Pair(UuidAddress sender, UuidAddress receiver, EventLoop senderLoop, TunnelTransport senderTransport,
                        OnLoop<TunnelTransport> sending, RecordingTransportListener receiverListener,
                        AtomicReference<Runnable> resume) {
    }

    /** Records as its delegate does and resumes the refused loop sender on onWritable. */
    private record ResumingListener(RecordingTransportListener delegate, AtomicReference<Runnable> resume)
            implements TransportListener {
        @Override
        public void onFrame(UuidAddress from, ByteBuf frame) {
            delegate.onFrame(from, frame);
        }

        @Override
        public void onPeerConnected(UuidAddress peer) {
            delegate.onPeerConnected(peer);
        }

        @Override
        public void onPeerDisconnected(UuidAddress peer) {
            delegate.onPeerDisconnected(peer);
        }

        @Override
        public void onWritable(UuidAddress peer) {
            delegate.onWritable(peer);
            Runnable waiting = resume.getAndSet(null);
            if (waiting != null) {
                waiting.run();
            }
        }
    }

    /**
     * Sends frames {@code 0..count-1} of a {@link Frames} stream on the sender's loop, as many as the
     * transport takes per round; a refusal ends the round, and the sender's onWritable starts the next.
     */
    private static final class LoopSender {
        private final Pair pair;
        private final long stream;
        private final int count;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger refusals = new AtomicInteger();

        LoopSender(Pair pair, long stream, int count) {
            this.pair = pair;
            this.stream = stream;
            this.count = count;
        }

        /** Starts sending on the sender's loop. */
        void start() {
            pair.senderLoop().execute(this::sendMore);
        }

        private void sendMore() {
            if (!pair.senderLoop().inEventLoop()) {
                throw new AssertionError("a loop sender runs on the sender's loop only");
            }
            while (next.get() < count) {
                if (!pair.senderTransport().send(pair.receiver(), new BytesFrame(Frames.payload(stream, next.get())))) {
                    refusals.incrementAndGet();
                    // onWritable follows a refusal (TunnelTransport's contract) and runs this again.
                    pair.resume().set(this::sendMore);
                    return;
                }
                next.incrementAndGet();
            }
        }

        int next() {
            return next.get();
        }

        int refusals() {
            return refusals.get();
        }
    }
}
