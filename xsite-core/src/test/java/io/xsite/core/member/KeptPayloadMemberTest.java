package io.xsite.core.member;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.xsite.core.delivery.Message;
import io.xsite.net.loop.EventLoops;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A member that keeps received payloads in their buffers passes them on as they came, the way a site master
 * does: real sockets, 16 KB payloads, the leak detector at {@code paranoid} (the build's setting).
 */
class KeptPayloadMemberTest {

    @Test
    void aKeptPayloadIsPassedOnAsItCameAndClosedAfterTheListeners() throws Exception {
        EventLoop loop = EventLoops.shared().next();
        try (LoopbackCluster cluster = new LoopbackCluster("kept-payloads", 3)) {
            Member origin = cluster.start(0);
            MemberConfig keeping = cluster.config(1);
            Member relay = Member.start(keeping.withDelivery(keeping.delivery().withKeptPayloadBytes(0)), loop, loop);
            Member destination = cluster.start(2);
            try {
                List<byte[]> arrived = new CopyOnWriteArrayList<>();
                destination.addMessageListener(message -> arrived.add(message.payload()));
                CompletableFuture<Message> keptUnread = new CompletableFuture<>();
                relay.addMessageListener(message -> {
                    keptUnread.complete(message);
                    relay.send(destination.address(), message.payloadBuffer().retainedDuplicate(), Map.of());
                });
                await("three members in one view").atMost(ofSeconds(10)).until(() -> Stream.of(relay, origin, destination)
                        .allMatch(member -> member.view() != null && member.view().size() == 3));

                List<byte[]> sent = new Random(7).ints(40, 0, 256).mapToObj(seed -> payload(seed, 16 * 1024)).toList();
                for (byte[] payload : sent) {
                    origin.send(relay.address(), payload).join();
                }

                await("every payload passed on, in order").atMost(ofSeconds(20))
                        .untilAsserted(() -> assertThat(arrived).hasSize(sent.size()));
                assertThat(arrived).containsExactlyElementsOf(sent);
                Message unread = keptUnread.join();
                assertThat(unread.payloadLength()).isEqualTo(16 * 1024);
                assertThatThrownBy(unread::payload).as("closed by the member once its listeners returned")
                        .isInstanceOf(IllegalStateException.class);
            } finally {
                relay.close();
            }
        }
    }

    private static byte[] payload(int seed, int bytes) {
        byte[] payload = new byte[bytes];
        new Random(seed).nextBytes(payload);
        return payload;
    }
}
