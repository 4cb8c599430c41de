package io.xsite.core.member;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.discovery.Candidate;
import io.xsite.core.discovery.Discovery;
import io.xsite.net.loop.EventLoops;
import io.xsite.core.transport.RecordingTransportListener;
import io.xsite.core.transport.memory.InMemoryNetwork;
import io.xsite.core.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A discovery that answers on a thread of its own: the round takes the answer back onto the member's loop
 * before it probes or teaches the transport (an in-memory transport bound to the loop, which refuses calls
 * from any other thread), and hands its result over there.
 */
class DiscoveryRoundTest {

    @Test
    void anAnswerFromAnotherThreadReachesTheTransportAndTheResultOnTheMembersLoop() throws Exception {
        EventLoop loop = EventLoops.shared().next();
        ScheduledExecutorService discoveryThread = Executors.newSingleThreadScheduledExecutor();
        try (InMemoryNetwork network = InMemoryNetwork.automatic(20);
             MemberExecutor executor = new MemberExecutor("discovery-round", loop)) {
            UuidAddress self = member("self");
            UuidAddress named = member("named");
            UuidAddress probed = member("probed");
            InMemoryTransport transport = network.transport(self, loop);
            transport.start(new RecordingTransportListener());
            InMemoryTransport probedTransport = network.transport(probed, EventLoops.shared().next());
            probedTransport.start(new RecordingTransportListener());
            // Answers a moment later on its own thread, as DNS or the Kubernetes API would.
            Discovery later = () -> {
                CompletableFuture<List<Candidate>> answer = new CompletableFuture<>();
                discoveryThread.schedule(() -> answer.complete(List.of(new Candidate(named, null),
                        Candidate.at(probedTransport.physicalAddress()))), 50, TimeUnit.MILLISECONDS);
                return answer;
            };
            AtomicReference<Set<UuidAddress>> found = new AtomicReference<>();
            AtomicReference<Boolean> onLoop = new AtomicReference<>();
            DiscoveryRound round = new DiscoveryRound("discovery-round", later, transport, executor, self,
                    Duration.ofSeconds(5), members -> {
                        onLoop.set(loop.inEventLoop());
                        found.set(members);
                    });

            executor.execute(round::run);

            await("the round's result").atMost(ofSeconds(10)).until(() -> found.get() != null);
            assertThat(found.get()).containsExactlyInAnyOrder(named, probed);
            assertThat(onLoop.get()).as("the result is handed over on the member's loop").isTrue();
        } finally {
            discoveryThread.shutdownNow();
        }
    }

    private static UuidAddress member(String name) {
        return UuidAddress.siteUuid(UUID.randomUUID(), name, null, 0);
    }
}
