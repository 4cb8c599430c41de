package io.xsite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.cli.grid.GridService;
import io.xsite.cli.chat.ChatSites;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.client.FailoverClient;
import io.netty.handler.codec.http.HttpMethod;
import io.xsite.net.admin.AdminRequest;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.net.admin.AdminServer;
import io.xsite.core.member.MemberConfig;
import io.xsite.grid.BackupConfig;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridStatus;
import io.xsite.grid.SiteComparison;
import io.xsite.grid.http.GridRoutes;
import io.xsite.grid.http.SiteVerifyRoutes;
import io.xsite.grid.resp.RespLimits;
import io.xsite.relay.RelayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The grid between sites over the production path: real gossip routers, relay nodes, the grid started on each
 * node as {@code xsite node} starts it ({@link NodeCommand#startGrid(RelayNode, NodeConfig, java.util.function.BiPredicate)},
 * {@code RelaySiteLink}), clients over RESP. nyc has 3 nodes, sfc 2 (3 where one of them crashes); cache
 * {@code default} (2 owners) has a sync backup at the other site that fails the write when the site does not
 * apply it, {@code sessions} an async one, in both directions.
 */
class GridBetweenSitesTest {
    private static final int KEYS = 500;
    private static final int DEFAULT_DATABASE = 0;
    private static final int SESSIONS_DATABASE = 1;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final List<FailoverClient> clients = new CopyOnWriteArrayList<>();
    private ChatSites sites;

    /** A relay node with its grid and the admin routes the grid added. */
    private record Node(String site, RelayNode relay, GridService grid, Map<String, AdminRoute> routes) {
    }

    /** Starts nyc with 3 nodes and sfc with {@code sfcNodes}, each node serving the grid. */
    private void startSites(int sfcNodes) {
        sites = new ChatSites();
        List<RelayNode> relays = new ArrayList<>();
        for (Map.Entry<String, Integer> site : List.of(Map.entry("nyc", 3), Map.entry("sfc", sfcNodes))) {
            sites.startSite(site.getKey(), site.getValue(), 0);
            for (int i = 0; i < site.getValue(); i++) {
                relays.add(sites.start(site.getKey(), i, site.getKey() + i, true));
            }
        }
        await().atMost(PATIENCE).untilAsserted(() -> sites.assertTopology("nyc", 3, "sfc", sfcNodes));
        for (RelayNode relay : relays) {
            String other = relay.site().equals("nyc") ? "sfc" : "nyc";
            Map<String, AdminRoute> routes = new ConcurrentHashMap<>();
            GridService grid = NodeCommand.startGrid(relay, config(relay, other), (path, route) -> {
                routes.put(path, route);
                return relay.addAdminRoute(path, route);
            });
            nodes.add(new Node(relay.site(), relay, grid, routes));
        }
        await().atMost(PATIENCE).untilAsserted(() -> nodes.forEach(n ->
                assertThat(status(n).caches()).allSatisfy(c -> assertThat(c.rebalancing()).isFalse())));
    }

    @AfterEach
    void stop() {
        clients.forEach(FailoverClient::close);
        nodes.forEach(n -> n.grid().close());
        if (sites != null) {
            sites.close();
        }
    }

    @Test
    void syncWritesAcknowledgedAtNycAllReadAtSfcAfterEveryNycNodeCrashed() {
        startSites(2);
        FailoverClient nyc = client("nyc", DEFAULT_DATABASE);
        CompletableFuture.allOf(IntStream.range(0, KEYS)
                .mapToObj(i -> nyc.set("key-" + i, "value-" + i)).toArray(CompletableFuture[]::new)).join();

        FailoverClient sfc = client("sfc", DEFAULT_DATABASE);
        assertEveryKeyAt(sfc, "key-", "value-");

        nodes.stream().filter(n -> n.site().equals("nyc")).toList().forEach(this::crash);
        await().atMost(PATIENCE).untilAsserted(() -> nodes.stream().filter(n -> n.site().equals("sfc"))
                .forEach(n -> assertThat(n.relay().topology()).doesNotContainKey("nyc")));
        assertEveryKeyAt(sfc, "key-", "value-");
    }

    @Test
    void syncWritesAcknowledgedAcrossSfcSiteMasterCrashAllReadAtSfc() {
        // Three sfc nodes: two of three keep sfc's grid writable (one of two would be a minority: CLUSTER_DOWN).
        startSites(3);
        Node master = nodes.stream().filter(n -> n.site().equals("sfc") && n.relay().topology().get("sfc")
                .siteMasters().get(0).equals(n.relay().address())).findFirst().orElseThrow();
        FailoverClient nyc = client("nyc", DEFAULT_DATABASE);
        CompletableFuture.allOf(IntStream.range(0, KEYS / 2)
                .mapToObj(i -> nyc.set("key-" + i, "value-" + i)).toArray(CompletableFuture[]::new)).join();

        crash(master);
        // Writes in flight at the crash may fail (their backup was lost with the site master); once sfc's new
        // site master is known, sync writes are acknowledged again.
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        await().atMost(PATIENCE).until(() -> {
            int key = KEYS / 2 + acknowledged.size();
            try {
                nyc.set("key-" + key, "value-" + key).join();
                acknowledged.add(key);
            } catch (CompletionException e) {
                return false;
            }
            return true;
        });
        CompletableFuture.allOf(IntStream.range(KEYS / 2 + acknowledged.size(), KEYS)
                .mapToObj(i -> nyc.set("key-" + i, "value-" + i)).toArray(CompletableFuture[]::new)).join();

        assertEveryKeyAt(client("sfc", DEFAULT_DATABASE), "key-", "value-");
    }

    @Test
    void asyncWritesAtSfcConvergeAtNycNothingStaysPendingAndVerifyFindsNoDifference() throws IOException {
        startSites(2);
        String kilobyte = "s".repeat(1024);
        FailoverClient sfc = client("sfc", SESSIONS_DATABASE);
        CompletableFuture.allOf(IntStream.range(0, KEYS)
                .mapToObj(i -> sfc.set("session-" + i, kilobyte + i)).toArray(CompletableFuture[]::new)).join();

        FailoverClient nyc = client("nyc", SESSIONS_DATABASE);
        await().atMost(PATIENCE).untilAsserted(() -> assertEveryKeyAt(nyc, "session-", kilobyte));
        await().atMost(PATIENCE).untilAsserted(() -> nodes.forEach(n -> assertThat(status(n).caches())
                .flatExtracting(GridStatus.CacheStatus::backups)
                .allSatisfy(b -> assertThat(b.pendingKeys()).as("keys %s owes %s", n.relay().address(), b.site())
                        .isZero())));

        Node nycNode = nodes.stream().filter(n -> n.site().equals("nyc")).findFirst().orElseThrow();
        AdminResponse verify = nycNode.routes().get(SiteVerifyRoutes.VERIFY).answer(AdminRequest.get(
                SiteVerifyRoutes.VERIFY, Map.of("site", List.of("sfc"), "cache", List.of("sessions"))))
                .toCompletableFuture().join();
        SiteComparison comparison = JSON.readValue(verify.body(), SiteComparison.class);
        assertThat(comparison.differences()).as(verify.body()).isEmpty();
        assertThat(comparison.keys()).isEqualTo(KEYS);
        assertThat(comparison.otherKeys()).isEqualTo(KEYS);
    }

    @Test
    void aSiteTakenOfflineByHandCatchesUpOnceBroughtOnline() {
        startSites(2);
        Node nycNode = nodes.stream().filter(n -> n.site().equals("nyc")).findFirst().orElseThrow();
        FailoverClient nyc = client("nyc", DEFAULT_DATABASE);

        assertThat(backupAction(nycNode, "take-offline")).hasSize(3).allSatisfy(line -> assertThat(line)
                .endsWith("offline (was online), 0 keys tracked"));
        CompletableFuture.allOf(IntStream.range(0, KEYS)
                .mapToObj(i -> nyc.set("key-" + i, "value-" + i)).toArray(CompletableFuture[]::new)).join();
        assertThat(nodes).filteredOn(n -> n.site().equals("nyc")).allSatisfy(n -> assertThat(status(n).caches().get(0)
                .backups().get(0).state()).isEqualTo("offline"));
        assertThat(client("sfc", DEFAULT_DATABASE).get("key-0").join()).as("a key written while sfc is offline")
                .isEmpty();

        assertThat(backupAction(nycNode, "bring-online")).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("catching-up (was offline)"));
        FailoverClient sfc = client("sfc", DEFAULT_DATABASE);
        await().atMost(PATIENCE).untilAsserted(() -> assertEveryKeyAt(sfc, "key-", "value-"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(nodes).filteredOn(n -> n.site().equals("nyc"))
                .allSatisfy(n -> assertThat(status(n).caches().get(0).backups().get(0).state()).isEqualTo("online")));
    }

    /** {@code POST /grid/backups/sfc/ACTION?cache=default} at {@code node}: its answer's lines. */
    private static List<String> backupAction(Node node, String action) {
        AdminRequest request = new AdminRequest(HttpMethod.POST, GridRoutes.BACKUPS + "/sfc/" + action,
                Map.of("cache", List.of("default")), new byte[0]);
        AdminResponse response = node.routes().get(GridRoutes.BACKUPS + AdminServer.WILDCARD).answer(request)
                .toCompletableFuture().join();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body().lines().toList();
    }

    /** Crashes {@code node} as a killed process would end: the relay without leaving, the RESP port closed. */
    private void crash(Node node) {
        node.relay().simulateCrash();
        nodes.remove(node);
        node.grid().close();
    }

    /** Every key {@code keyPrefix + i} reads {@code valuePrefix + i} through {@code client}. */
    private static void assertEveryKeyAt(FailoverClient client, String keyPrefix, String valuePrefix) {
        List<CompletableFuture<Optional<String>>> reads = IntStream.range(0, KEYS)
                .mapToObj(i -> client.get(keyPrefix + i)).toList();
        for (int i = 0; i < KEYS; i++) {
            assertThat(reads.get(i).join()).as(keyPrefix + i).contains(valuePrefix + i);
        }
    }

    /** A client of {@code site}'s RESP endpoints alone (no other site to fail over to), on {@code database}. */
    private FailoverClient client(String site, int database) {
        List<InetSocketAddress> resp = nodes.stream().filter(n -> n.site().equals(site))
                .map(n -> n.grid().respAddress()).toList();
        FailoverClient client = FailoverClient.builder().meterRegistry(new SimpleMeterRegistry()).site(site, resp).home(site).database(database).build();
        clients.add(client);
        return client;
    }

    private static GridStatus status(Node node) {
        String body = node.routes().get(GridRoutes.STATUS).answer().toCompletableFuture().join().body();
        try {
            return JSON.readValue(body, GridStatus.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code relay}'s node configuration: both caches, each backed up to {@code other}, RESP on a free port. */
    private static NodeConfig config(RelayNode relay, String other) {
        Map<String, List<BackupConfig>> backups = GridSettings.BACKUPS.parser()
                .apply("default=" + other + ":sync:10s:fail,sessions=" + other + ":async");
        GridConfig caches = new GridConfig(GridSettings.CACHES.parser().apply("default:2,sessions:2").caches().stream()
                .map(c -> c.withBackups(backups.get(c.name()))).toList());
        NodeGridConfig grid = new NodeGridConfig(0, caches, Optional.empty(), RespLimits.DEFAULTS.maxRequestBytes());
        return new NodeConfig(MemberConfig.loopback(relay.site(), relay.name()), "bridge", 1, Optional.empty(),
                Optional.empty(), false, grid);
    }
}
