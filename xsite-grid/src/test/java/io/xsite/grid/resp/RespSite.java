package io.xsite.grid.resp;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.net.loop.EventLoops;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.ClientTopology;
import io.xsite.grid.GridConfig;
import io.xsite.grid.store.GridStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A site of {@code size} members on loopback tcp, each with its grid and a RESP server on an ephemeral port, as
 * {@code xsite node} runs them (member, grid and RESP connections on one event loop per member); started once
 * every member sees the others' RESP servers in its topology.
 */
final class RespSite implements AutoCloseable {
    private final GridTestSites.Loopback site;
    private final List<GridStore> grids = new ArrayList<>();
    private final List<RespServer> servers = new ArrayList<>();
    private final EventLoopGroup loops;

    RespSite(String cluster, int size) {
        site = new GridTestSites.Loopback(cluster, size);
        loops = EventLoops.create("resp-site-" + cluster, size);
        try {
            List<EventLoop> memberLoops = IntStream.range(0, size).mapToObj(i -> loops.next()).toList();
            List<Member> members = IntStream.range(0, size).mapToObj(i -> site.start(i, memberLoops.get(i))).toList();
            await("one view of " + size).atMost(ofSeconds(30)).until(() -> members.stream()
                    .allMatch(m -> m.view() != null && m.view().size() == size));
            for (int i = 0; i < size; i++) {
                GridStore grid = GridStore.start(members.get(i), GridConfig.defaults(), new SimpleMeterRegistry(),
                        memberLoops.get(i));
                grids.add(grid);
                servers.add(RespServer.start(grid, List.of(CacheConfig.DEFAULT_CACHE), RespConfig.listeningOn(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), new SimpleMeterRegistry()));
            }
            await("the grid settles and every member knows every RESP server").atMost(ofSeconds(30)).until(() ->
                    grids.stream().allMatch(g -> g.balanced() && g.topology(CacheConfig.DEFAULT_CACHE)
                            .map(t -> t.nodes().size() == size).orElse(false)));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The RESP address of member {@code index}. */
    InetSocketAddress resp(int index) {
        return servers.get(index).address();
    }

    int size() {
        return servers.size();
    }

    /** Member {@code index}'s topology of the default cache: where cluster clients are sent. */
    ClientTopology topology(int index) {
        return grids.get(index).topology(CacheConfig.DEFAULT_CACHE).orElseThrow();
    }

    @Override
    public void close() {
        servers.forEach(RespServer::close);
        grids.forEach(GridStore::close);
        site.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
