package io.xsite.core.member;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.transport.EventLoops;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A member started with an executor of the caller's runs every callback there, and leaves it running. */
class MemberCallbackExecutorTest {

    @Test
    void listenersHandlerAndFuturesRunOnTheCallersExecutor() throws Exception {
        ExecutorService relayThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "callers-thread"));
        List<String> threads = new CopyOnWriteArrayList<>();
        try (LoopbackCluster cluster = new LoopbackCluster("callback-executor", 2)) {
            Member plain = cluster.start(0);
            Member custom = Member.start(cluster.config(1), EventLoops.shared().next(), relayThread);
            try {
                custom.addViewListener(view -> threads.add("view:" + Thread.currentThread().getName()));
                custom.addMessageListener(message -> threads.add("message:" + Thread.currentThread().getName()));
                custom.setRequestHandler(request -> {
                    threads.add("request:" + Thread.currentThread().getName());
                    return request.payload();
                });
                await("both members in one view").atMost(ofSeconds(10))
                        .until(() -> custom.view() != null && custom.view().size() == 2);
                plain.send(custom.address(), "hello".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
                assertThat(plain.request(custom.address(), "ping".getBytes(UTF_8), ofSeconds(5))
                        .get(5, TimeUnit.SECONDS).byTarget()).hasSize(1);
                String completedOn = custom.sendToAll("all".getBytes(UTF_8))
                        .thenApply(ok -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
                await("message and request seen").atMost(ofSeconds(5))
                        .until(() -> threads.contains("message:callers-thread")
                                && threads.contains("request:callers-thread"));
                assertThat(threads).allMatch(entry -> entry.endsWith(":callers-thread"));
                assertThat(completedOn).isIn("callers-thread", Thread.currentThread().getName());
            } finally {
                custom.close();
            }
            assertThat(relayThread.isShutdown()).as("the member leaves the caller's executor running").isFalse();
        } finally {
            relayThread.shutdownNow();
        }
    }
}
