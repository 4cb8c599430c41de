package io.xsite.grid.resp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.net.loop.EventLoops;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.store.GridStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The RESP server serves its connections on the grid's own thread ({@code Grid.clientLoop}), which it does not
 * own: closing the server closes its clients' connections and leaves the grid running. A grid started on its
 * member's loop (as {@code xsite node} starts it) runs there.
 */
class RespOnGridThreadTest {

    @Test
    void theClientLoopIsTheThreadTheGridCompletesOperationsOn() throws Exception {
        try (GridTestSites.Loopback site = new GridTestSites.Loopback("resp-thread", 1)) {
            Member member = site.startAll().get(0);
            try (GridStore grid = GridStore.start(member, GridConfig.defaults())) {
                EventLoop loop = grid.clientLoop().orElseThrow();
                GridCache cache = grid.cache(CacheConfig.DEFAULT_CACHE).orElseThrow();
                await("the grid settles").atMost(ofSeconds(10)).until(grid::balanced);
                cache.put(bytes("k"), bytes("v")).get(10, TimeUnit.SECONDS);

                // Asked from the loop, so that the callback is in place before the grid completes the read.
                Thread completing = loop.submit(() -> cache.get(bytes("k")).thenApply(value -> Thread.currentThread()))
                        .get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);

                assertThat(loop.submit(Thread::currentThread).get(10, TimeUnit.SECONDS)).isSameAs(completing);
            }
        }
    }

    @Test
    void aGridStartedOnItsMembersLoopRunsOnItAndServesItsClientsThere() throws Exception {
        EventLoopGroup group = EventLoops.create("resp-member-loop", 1);
        try (GridTestSites.Loopback site = new GridTestSites.Loopback("resp-member-loop", 1)) {
            EventLoop loop = group.next();
            Member member = site.start(0, loop);
            try (GridStore grid = GridStore.start(member, GridConfig.defaults(), new SimpleMeterRegistry(), loop)) {
                GridCache cache = grid.cache(CacheConfig.DEFAULT_CACHE).orElseThrow();
                await("the grid settles").atMost(ofSeconds(10)).until(grid::balanced);

                cache.put(bytes("k"), bytes("v")).get(10, TimeUnit.SECONDS);
                Thread completing = loop.submit(() -> cache.get(bytes("k")).thenApply(value -> Thread.currentThread()))
                        .get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);

                assertThat(grid.clientLoop()).contains(loop);
                assertThat(loop.inEventLoop(completing)).as("the read completed on the member's loop").isTrue();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void closingTheServerClosesItsConnectionsAndLeavesTheGridRunning() throws Exception {
        try (GridTestSites.Loopback site = new GridTestSites.Loopback("resp-close", 1)) {
            Member member = site.startAll().get(0);
            try (GridStore grid = GridStore.start(member, GridConfig.defaults())) {
                RespServer server = RespServer.start(grid, List.of(CacheConfig.DEFAULT_CACHE), RespConfig.listeningOn(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), new SimpleMeterRegistry());
                try (RespClient client = new RespClient(server.address().getHostString(), server.address().getPort())) {
                    await("the grid settles").atMost(ofSeconds(10)).until(grid::balanced);
                    assertThat(client.send(RespClient.command("SET", "k", "v")).read("+OK\r\n")).isEqualTo("+OK\r\n");

                    server.close();

                    assertThat(client.closedByServer()).as("the client's connection is closed").isTrue();
                    GridCache cache = grid.cache(CacheConfig.DEFAULT_CACHE).orElseThrow();
                    assertThat(cache.get(bytes("k")).get(10, TimeUnit.SECONDS))
                            .hasValueSatisfying(entry -> assertThat(entry.value()).isEqualTo(bytes("v")));
                }
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
