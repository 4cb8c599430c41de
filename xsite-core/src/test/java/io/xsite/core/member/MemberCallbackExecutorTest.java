package io.xsite.core.member;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.net.loop.EventLoops;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A member started with an executor of the caller's runs every callback there, and leaves it running; with
 * its own loop as that executor (a relay node), a send from a callback runs at once.
 */
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

    @Test
    void aSendFromTheMembersOwnLoopIsTakenBeforeItReturns() throws Exception {
        EventLoop loop = EventLoops.shared().next();
        try (LoopbackCluster cluster = new LoopbackCluster("own-loop", 2)) {
            Member other = cluster.start(0);
            Member onLoop = Member.start(cluster.config(1), loop, loop);
            try {
                List<String> received = new CopyOnWriteArrayList<>();
                other.addMessageListener(message -> received.add(new String(message.payload(), UTF_8)));
                CompletableFuture<Boolean> doneOnReturn = new CompletableFuture<>();
                onLoop.addMessageListener(message -> {
                    if (new String(message.payload(), UTF_8).equals("go")) {
                        CompletableFuture<Void> one = onLoop.send(other.address(), "first".getBytes(UTF_8));
                        CompletableFuture<Void> all = onLoop.sendToAll("second".getBytes(UTF_8));
                        doneOnReturn.complete(loop.inEventLoop() && one.isDone() && all.isDone()
                                && !one.isCompletedExceptionally() && !all.isCompletedExceptionally());
                    }
                });
                await("both members in one view").atMost(ofSeconds(10))
                        .until(() -> onLoop.view() != null && onLoop.view().size() == 2);

                other.send(onLoop.address(), "go".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);

                assertThat(doneOnReturn.get(5, TimeUnit.SECONDS)).as("both sends taken on the loop, at once").isTrue();
                await("both arrived, in order").atMost(ofSeconds(5))
                        .until(() -> received.equals(List.of("first", "second")));
            } finally {
                onLoop.close();
            }
        }
    }

    @Test
    void aMemberClosedAsynchronouslyFromItsOwnLoopLeavesAndCompletesThere() throws Exception {
        EventLoop loop = EventLoops.shared().next();
        try (LoopbackCluster cluster = new LoopbackCluster("close-async", 2)) {
            Member other = cluster.start(0);
            Member onLoop = Member.start(cluster.config(1), loop, loop);
            await("both members in one view").atMost(ofSeconds(10))
                    .until(() -> other.view() != null && other.view().size() == 2);

            // The leave needs the loop the close is called on: closing and waiting there would wait for itself.
            CompletableFuture<String> closedOn = loop.submit(onLoop::closeAsync).get(5, TimeUnit.SECONDS)
                    .thenApply(closed -> Thread.currentThread().getName());

            String loopThread = loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
            assertThat(closedOn.get(5, TimeUnit.SECONDS)).as("completed on the member's callback executor, its loop")
                    .isEqualTo(loopThread);
            await("the other installs a view without it").atMost(ofSeconds(5))
                    .untilAsserted(() -> assertThat(other.view().members()).containsExactly(other.address()));
            assertThat(onLoop.send(other.address(), "late".getBytes(UTF_8)))
                    .as("a send after the close").failsWithin(ofSeconds(5))
                    .withThrowableThat().havingCause().isInstanceOf(MemberClosedException.class);
        }
    }
}
