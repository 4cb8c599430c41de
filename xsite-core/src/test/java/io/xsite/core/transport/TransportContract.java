package io.xsite.core.transport;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.xsite.net.loop.EventLoops;
import io.xsite.wire.address.UuidAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Transport} shares, run over each implementation by a subclass that
 * supplies a {@link Fixture} (tcp, tunnel through a router, in-memory; other modules rerun it over the
 * xsite router). Each transport is confined to an event loop of its own member, so the test makes every
 * call there ({@link OnLoop}), as a member's protocol does, and its listener hears everything there.
 */
public abstract class TransportContract {
    /** Frames each member sends to each other member in the exchange scenario. */
    protected static final int FRAMES = 1000;
    protected static final String CLUSTER = "contract";

    /** Creates the transports of one test and the means to kill one abruptly. */
    public interface Fixture extends AutoCloseable {
        /** A new, not yet started transport for {@code member} of {@link #CLUSTER}, confined to {@code loop}. */
        Transport create(UuidAddress member, EventLoop loop) throws Exception;

        /** Makes {@code member} vanish as abruptly as the transport allows, so that peers notice. */
        void kill(Member member) throws Exception;

        @Override
        void close() throws Exception;
    }

    /** A started transport on its loop, with its identity and listener. */
    public record Member(UuidAddress address, OnLoop<Transport> transport, RecordingTransportListener listener) {
    }

    private Fixture fixture;
    private final List<Member> members = new ArrayList<>();

    /** The fixture of the implementation under test. */
    protected abstract Fixture fixture() throws Exception;

    @BeforeEach
    void setUpFixture() throws Exception {
        fixture = fixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        members.forEach(m -> m.transport().run(Transport::close));
        fixture.close();
    }

    @Test
    void framesBothWaysBetweenThreeMembersArriveIntactAndInOrderPerSender() throws Exception {
        List<Member> m = startMembers(3);
        for (Member receiver : m) {
            for (Member sender : m) {
                receiver.listener().expect(sender.address(), stream(sender, receiver));
            }
        }

        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (Member sender : m) {
            senders.add(CompletableFuture.runAsync(() -> sendAll(sender, m)));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        for (Member receiver : m) {
            for (Member sender : m) {
                if (sender != receiver) {
                    await(receiver.address() + " gets all frames of " + sender.address()).atMost(ofSeconds(30))
                            .until(() -> receiver.listener().received(sender.address()) >= FRAMES);
                }
            }
        }
        for (Member receiver : m) {
            assertThat(receiver.listener().problems()).as("frames at %s", receiver.address()).isEmpty();
            for (Member sender : m) {
                if (sender != receiver) {
                    assertThat(receiver.listener().received(sender.address())).isEqualTo(FRAMES);
                }
            }
            List<UuidAddress> others = m.stream().map(Member::address).filter(a -> !a.equals(receiver.address()))
                    .toList();
            assertThat(receiver.listener().connected()).as("peers connected at %s", receiver.address())
                    .containsAll(others);
            assertThat(receiver.transport().call(Transport::connectedPeers)).containsExactlyInAnyOrderElementsOf(others);
        }
    }

    @Test
    void aKilledPeerIsReportedDisconnected() throws Exception {
        List<Member> m = startMembers(3);
        Member a = m.get(0);
        Member b = m.get(1);
        Member c = m.get(2);
        for (Member from : m) {
            for (Member to : m) {
                if (from != to) {
                    assertThat(from.transport().check(t -> t.send(to.address(), Frames.buffer(new byte[] {1}))))
                            .isTrue();
                }
            }
        }
        for (Member at : List.of(a, b)) {
            await(at.address() + " connected to " + c.address()).atMost(ofSeconds(10))
                    .until(() -> at.listener().connected().contains(c.address()));
        }

        fixture.kill(c);

        for (Member at : List.of(a, b)) {
            await(at.address() + " hears that " + c.address() + " is gone").atMost(ofSeconds(10))
                    .until(() -> at.listener().disconnected().contains(c.address()));
            assertThat(at.transport().call(Transport::connectedPeers)).doesNotContain(c.address());
        }
    }

    @Test
    void sendToAnUnknownMemberReturnsFalseAndReleasesTheFrame() throws Exception {
        Member a = startMembers(2).get(0);
        ByteBuf frame = Frames.buffer(new byte[] {1, 2, 3});

        boolean sent = a.transport().check(t -> t.send(member("nobody"), frame));

        assertThat(sent).isFalse();
        assertThat(frame.refCnt()).isZero();
        assertThat(a.transport().check(t -> t.isWritable(member("nobody")))).isFalse();
    }

    @Test
    void aCallOffTheMembersLoopIsRefused() throws Exception {
        List<Member> m = startMembers(2);
        Transport a = m.get(0).transport().transport();
        UuidAddress b = m.get(1).address();

        assertThatThrownBy(() -> a.isWritable(b)).as("a call from the test's thread")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("event loop");
        assertThatThrownBy(() -> a.learn(b, null)).isInstanceOf(IllegalStateException.class);
        assertThat(m.get(0).transport().check(t -> t.isWritable(b))).as("the same call on the loop").isTrue();
    }

    @Test
    void closeReleasesEveryFrameHandedToTheTransport() throws Exception {
        List<Member> m = startMembers(2);
        Member a = m.get(0);
        Member b = m.get(1);
        List<ByteBuf> handed = new ArrayList<>();
        a.transport().run(t -> {
            for (int i = 0; i < 200; i++) {
                ByteBuf frame = Frames.buffer(Frames.payload(7, i));
                handed.add(frame);
                t.send(b.address(), frame);
            }
        });

        a.transport().run(Transport::close);

        await("every frame handed to the closed transport is released").atMost(ofSeconds(5))
                .untilAsserted(() -> assertThat(handed).allSatisfy(f -> assertThat(f.refCnt()).isZero()));
        assertThat(a.transport().check(t -> t.send(b.address(), Frames.buffer(new byte[] {1})))).isFalse();
    }

    /** Starts {@code n} members that know each other and can send to each other. */
    protected List<Member> startMembers(int n) throws Exception {
        List<Member> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UuidAddress address = member("m" + i);
            EventLoop loop = EventLoops.shared().next();
            Transport transport = fixture.create(address, loop);
            RecordingTransportListener listener = new RecordingTransportListener();
            transport.start(listener);
            Member member = new Member(address, new OnLoop<>(transport, loop), listener);
            members.add(member);
            started.add(member);
        }
        for (Member a : started) {
            for (Member b : started) {
                if (a != b) {
                    a.transport().run(t -> t.learn(b.address(), b.transport().transport().physicalAddress()));
                }
            }
        }
        for (Member a : started) {
            for (Member b : started) {
                if (a != b) {
                    await(a.address() + " can send to " + b.address()).atMost(ofSeconds(10))
                            .until(() -> a.transport().check(t -> t.isWritable(b.address())));
                }
            }
        }
        return started;
    }

    /** A fresh member address named {@code name}. */
    protected static UuidAddress member(String name) {
        return UuidAddress.siteUuid(UUID.randomUUID(), name, null, 0);
    }

    private static long stream(Member sender, Member receiver) {
        return sender.address().uuid().hashCode() * 31L + receiver.address().uuid().hashCode();
    }

    /**
     * Sends frames 0..FRAMES-1 of its stream to every other member, interleaved: on the sender's loop, a
     * bounded batch per task (as a member's protocol drains its queue, so that reads and timers such as a
     * router connection's heartbeat run between), and after a refusal again once the transport reports room
     * (or after a bounded pause).
     */
    private static void sendAll(Member sender, List<Member> all) {
        List<Member> receivers = all.stream().filter(receiver -> receiver != sender).toList();
        Streams streams = new Streams(sender, receivers);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!sender.transport().call(streams::sendBatch)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(sender.address() + " could not send all frames within 30 s: " + streams);
                }
                if (streams.refused()) {
                    sender.listener().awaitWritable(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Where one sender is in its streams: the next frame and receiver. Used on the sender's loop only. */
    private static final class Streams {
        /** Frames sent per loop task at most. */
        private static final int BATCH = 64;

        private final Member sender;
        private final List<Member> receivers;
        private int frame;
        private int receiver;
        private boolean refused;

        Streams(Member sender, List<Member> receivers) {
            this.sender = sender;
            this.receivers = receivers;
        }

        /**
         * Sends up to {@link #BATCH} frames, stopping early when the transport refuses one (tried again next
         * time); true when all are sent.
         */
        boolean sendBatch(Transport transport) {
            refused = false;
            for (int sent = 0; sent < BATCH && frame < FRAMES; sent++) {
                Member to = receivers.get(receiver);
                if (!transport.send(to.address(), Frames.buffer(Frames.payload(stream(sender, to), frame)))) {
                    refused = true;
                    return false;
                }
                if (++receiver == receivers.size()) {
                    receiver = 0;
                    frame++;
                }
            }
            return frame == FRAMES;
        }

        /** Whether the last batch ended with a refusal. */
        boolean refused() {
            return refused;
        }

        @Override
        public String toString() {
            return "frame " + frame + " to " + receivers.get(receiver).address() + " refused";
        }
    }
}
