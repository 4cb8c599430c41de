package io.xsite.client;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.resp.RespConfig;
import io.xsite.grid.resp.RespServer;
import io.xsite.grid.store.GridStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One site for the client's tests: members on the in-memory network, each running the grid and a RESP server
 * on a loopback port. {@link #stopResp} is what a client sees of the site's loss (every RESP port closes);
 * {@link #startResp} brings the ports back, the same ones, with the data the members kept.
 */
final class GridSite implements AutoCloseable {
    private final String name;
    private final GridTestSites.InMemory network;
    private final List<GridStore> grids = new ArrayList<>();
    private final List<RespServer> resp = new ArrayList<>();
    private final List<InetSocketAddress> endpoints = new ArrayList<>();
    private final UnaryOperator<RespConfig> respSettings;

    GridSite(String name, int members, long seed) {
        this(name, members, seed, UnaryOperator.identity());
    }

    /** A site whose RESP ports are set up by {@code respSettings} (TLS, a password) on top of a loopback port. */
    GridSite(String name, int members, long seed, UnaryOperator<RespConfig> respSettings) {
        this.name = name;
        this.respSettings = respSettings;
        this.network = new GridTestSites.InMemory(name, seed);
        List<Member> started = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            started.add(network.start(name + "-" + i));
        }
        await("one view of " + members + " at " + name).atMost(ofSeconds(30)).until(() -> started.stream()
                .allMatch(m -> m.view() != null && m.view().size() == members));
        GridConfig config = new GridConfig(List.of(CacheConfig.named(CacheConfig.DEFAULT_CACHE)));
        started.forEach(m -> grids.add(GridStore.start(m, config)));
        await("the grid of " + name + " settles").atMost(ofSeconds(30))
                .until(() -> grids.stream().allMatch(GridStore::balanced));
        grids.forEach(g -> endpoints.add(serve(g, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))));
    }

    String name() {
        return name;
    }

    /** The RESP ports, one per member. */
    List<InetSocketAddress> endpoints() {
        return List.copyOf(endpoints);
    }

    /** The site's default cache, through its first member. */
    GridCache cache() {
        return grids.get(0).cache(CacheConfig.DEFAULT_CACHE).orElseThrow();
    }

    /** Closes every RESP port: clients lose their connections and cannot connect. */
    void stopResp() {
        resp.forEach(RespServer::close);
        resp.clear();
    }

    /** Opens the RESP ports again, on the same port numbers, unless they are open. */
    void startResp() {
        if (!resp.isEmpty()) {
            return;
        }
        for (int i = 0; i < grids.size(); i++) {
            serve(grids.get(i), endpoints.get(i));
        }
    }

    private InetSocketAddress serve(GridStore grid, InetSocketAddress bind) {
        RespServer server = RespServer.start(grid, List.of(CacheConfig.DEFAULT_CACHE), respSettings.apply(RespConfig.listeningOn(bind)),
                new SimpleMeterRegistry());
        resp.add(server);
        return server.address();
    }

    @Override
    public void close() {
        stopResp();
        grids.forEach(GridStore::close);
        network.close();
    }
}
