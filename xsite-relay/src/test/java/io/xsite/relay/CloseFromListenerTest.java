package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener runs on its node's relay thread, which closing the node waits for: a listener that closes its own
 * node must neither hang nor keep the node from leaving its site.
 */
class CloseFromListenerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a deadlock fails
    void aListenerClosesItsOwnNodeAndTheNodeLeavesTheSite() throws Exception {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback()); RelaySites sites = new RelaySites()) {
            List<RelayNode> nyc = sites.start("nyc", 2, 1,
                    List.of(new BridgeConfig("bridge", List.of(router.address()))), List.of());
            RelayNode staying = nyc.get(0);
            RelayNode closing = nyc.get(1);
            await().atMost(TIMEOUT).until(() -> viewSize(staying) == 2 && viewSize(closing) == 2);
            CompletableFuture<Boolean> listenerReturned = new CompletableFuture<>();
            closing.addMessageListener(message -> {
                boolean onRelayThread = closing.relayThread().inEventLoop();
                closing.close();
                listenerReturned.complete(onRelayThread);
            });

            staying.send(closing.address(), "please leave".getBytes(UTF_8)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThat(listenerReturned.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("the listener, in which close() returned, ran on the relay thread").isTrue();
            await().atMost(TIMEOUT).until(() -> viewSize(staying) == 1);
            closing.close(); // from the application's thread: waits for the close the listener began
            assertThat(closing.relayThread().isShutdown() || closing.relayThread().isShuttingDown())
                    .as("relay thread stopped once close() returned").isTrue();
        }
    }

    /** Members in {@code node}'s view; 0 before its first. */
    private static int viewSize(RelayNode node) {
        return node.localView() == null ? 0 : node.localView().size();
    }
}
