package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.Address;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipType;
import io.xsite.wire.gossip.PingData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router's guarantees with its connections on several event loops (four here, whatever the processors):
 * clients on different loops exchange frames concurrently, and each receiver gets every frame of every sender,
 * in order, and only its own; registrations coming and going meanwhile change none of that for registered
 * members. Netty hands new connections to the loops in turn, so eight clients sit on all four.
 */
class RouterEventLoopsTest {
    private static final int LOOPS = 4;
    private static final String GROUP = "g";
    private static final long SEED = 16L;
    /** Paranoid leak detection (a stack trace per buffer access) and a busy host slow the router a lot. */
    static final Duration PATIENCE = ofSeconds(60);

    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private GossipRouter router;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeAtEnd) {
            closeable.close();
        }
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        if (router != null) {
            router.close();
        }
    }

    @Test
    void clientsOnDifferentLoopsGetEverySendersFramesInOrderAndOnlyTheirOwn() throws Exception {
        int clients = 8;
        int rounds = 150;
        router = start();
        List<Member> members = registered(clients);

        // when every client sends to every other one, and to the group every tenth round, all at once
        for (Future<?> sender : stream(members, rounds, true)) {
            sender.get(60, TimeUnit.SECONDS);
        }

        // then each got all of each sender's streams, in order, none meant for another member
        await("every client got every frame sent to it").atMost(PATIENCE).untilAsserted(() -> {
            assertUnicastsArrived(members, rounds);
            for (Member to : members) {
                for (Member from : members) {
                    if (from != to) {
                        assertThat(to.receiver.received(from.address, true)).isEqualTo(rounds / 10);
                    }
                }
            }
        });
        assertThat(router.droppedCount(DropReason.SLOW_RECEIVER)).isZero();
    }

    @Test
    void registrationsComingAndGoingNeverLoseOrMisrouteAFrameToARegisteredMember() throws Exception {
        int steadyCount = 4;
        int messages = 500;
        int churners = 4;
        int visits = 40;
        router = start();
        List<Member> steady = registered(steadyCount);
        List<Address> steadyAddresses = steady.stream().map(m -> m.address).toList();
        Map<Address, AtomicLong> sentByVisitors = new ConcurrentHashMap<>();
        steadyAddresses.forEach(a -> sentByVisitors.put(a, new AtomicLong()));

        // given steady members streaming to each other
        List<Future<?>> work = stream(steady, messages, false);
        // when visitors meanwhile register, send right away, ask for the members and leave, again and again
        for (int c = 0; c < churners; c++) {
            Random random = new Random(SEED + c);
            work.add(threads.submit(() -> {
                for (int visit = 0; visit < visits; visit++) {
                    visit(steadyAddresses, sentByVisitors, random, visit % 2 == 0);
                }
                return null;
            }));
        }
        for (Future<?> task : work) {
            task.get(90, TimeUnit.SECONDS);
        }

        // then every steady member got all of the others' frames in order, and every visitor's frame to it
        await("every steady member got every frame sent to it").atMost(PATIENCE).untilAsserted(() -> {
            assertUnicastsArrived(steady, messages);
            for (Member to : steady) {
                assertThat(to.receiver.unicastsFromOthers(steadyAddresses))
                        .isEqualTo(sentByVisitors.get(to.address).get());
            }
        });
        // A visitor's frames were never dropped as if it had not registered yet (multicasts to visitors that
        // just left may be dropped, as to any closing connection).
        assertThat(router.droppedCount(DropReason.UNREGISTERED)).isZero();
    }

    /**
     * Has each of {@code members} send {@code rounds} frames to each other one, and with {@code multicast} one to
     * the group every tenth round, each member on a thread of its own.
     */
    private List<Future<?>> stream(List<Member> members, int rounds, boolean multicast) {
        List<Future<?>> senders = new ArrayList<>();
        for (Member from : members) {
            senders.add(threads.submit(() -> {
                for (int round = 0; round < rounds; round++) {
                    for (Member to : members) {
                        if (to != from) {
                            from.send(to.address, round, 200);
                        }
                    }
                    if (multicast && round % 10 == 0) {
                        from.send(null, round / 10, 1000);
                    }
                }
                return null;
            }));
        }
        return senders;
    }

    /** Each member got each other member's {@code rounds} unicasts, in order, and nothing meant for another. */
    private static void assertUnicastsArrived(List<Member> members, int rounds) {
        for (Member to : members) {
            assertThat(to.receiver.violations()).isEmpty();
            for (Member from : members) {
                if (from != to) {
                    assertThat(to.receiver.received(from.address, false)).isEqualTo(rounds);
                }
            }
        }
    }

    /**
     * One visitor: connects, registers a fresh address, at once sends a few frames to a steady member and one to
     * the group, asks for the members (the steady ones must all be listed), checks that nothing it received was
     * meant for another member, then leaves with an UNREGISTER or by closing.
     */
    private void visit(List<Address> steady, Map<Address, AtomicLong> sentByVisitors, Random random,
                       boolean unregister) {
        UuidAddress address = UuidAddress.randomUuid();
        Address to = steady.get(random.nextInt(steady.size()));
        try (TestClient client = TestClient.connect(router.address()).register(GROUP, address, "V")) {
            int frames = 1 + random.nextInt(5);
            for (int seq = 0; seq < frames; seq++) {
                client.send(GossipData.message(GROUP, to, address, StreamReceiver.payload(seq, 64)));
            }
            sentByVisitors.get(to).addAndGet(frames);
            client.send(GossipData.message(GROUP, null, address, StreamReceiver.payload(0, 64)));
            client.send(GossipData.getMembers(GROUP));
            List<Address> listed = new ArrayList<>();
            GossipData data;
            do {
                data = client.receive(PATIENCE);
                if (data.type() == GossipType.MESSAGE) {
                    assertThat(data.address()).as("destination of a frame to visitor " + address)
                            .isIn(null, address);
                } else if (data.type() == GossipType.GET_MBRS_RSP || data.type() == GossipType.GET_MBRS_RSP_LAST) {
                    data.pingData().stream().map(PingData::sender).forEach(listed::add);
                }
            } while (data.type() != GossipType.GET_MBRS_RSP_LAST);
            assertThat(listed).contains(address).containsAll(steady);
            if (unregister) {
                client.send(GossipData.unregister(GROUP, address));
            }
        }
    }

    private GossipRouter start() {
        // Water marks far above what the tests queue: a frame dropped for a slow receiver would be a lost frame.
        return GossipRouter.start(RouterConfig.loopback().withPorts(0, -1).withIoThreads(LOOPS)
                .withWriteBufferWaterMarks(32 << 20, 64 << 20));
    }

    /** {@code count} clients registered in the group, each read by a {@link StreamReceiver} of its own. */
    private List<Member> registered(int count) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UuidAddress address = UuidAddress.randomUuid();
            TestClient client = TestClient.connect(router.address()).register(GROUP, address, "M" + i);
            closeAtEnd.add(client);
            members.add(new Member(address, client, new StreamReceiver(client, address)));
        }
        await("all " + count + " are registered").atMost(ofSeconds(10))
                .until(() -> router.connectionCount() == count && router.memberCount(GROUP) == count);
        members.forEach(m -> threads.submit(m.receiver));
        return members;
    }

    /** A registered test client and what reads for it. */
    private record Member(Address address, TestClient client, StreamReceiver receiver) {
        /** Sends the {@code seq}-th frame of this member's stream to {@code to} (null: the group). */
        void send(Address to, long seq, int payloadBytes) {
            client.sendRaw(TestClient.framed(GossipData.message(GROUP, to, address,
                    StreamReceiver.payload(seq, payloadBytes))));
        }
    }
}
