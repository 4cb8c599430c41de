package io.xsite.relay.page;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.core.testing.RequiredTool;
import io.xsite.relay.RelayNode;
import io.xsite.relay.RelaySites;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.topology.SiteView;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live page in a real browser: Debian's headless chromium shows sfc's page while nyc loses its site master,
 * and the page shows the new one by itself, without a reload. Leaves {@code target/live-page.png}.
 */
class LivePageBrowserTest {
    private static final String GRID_STATUS = """
            {"member":"sfc0","site":"sfc","writable":true,"caches":[
              {"name":"users","owners":2,"localEntries":10000,"segmentOwners":{},"segmentsWithoutOwners":0,
               "rebalancing":false,"segmentsToFetch":0,"backups":[{"site":"nyc","strategy":"async","pendingKeys":12,
               "oldestPendingMillis":1500,"failuresInRow":0,"state":"online","tracking":true,"push":null}]}]}
            """;

    @Test
    void thePageShowsTheNewSiteMasterOfNycWithoutAReload() throws Exception {
        Path chromium = RequiredTool.require("chromium", "the live page's browser test");
        try (GossipRouter router1 = GossipRouter.start(RouterConfig.loopback());
             GossipRouter router2 = GossipRouter.start(RouterConfig.loopback());
             RelaySites sites = new RelaySites()) {
            List<BridgeConfig> bridge = List.of(new BridgeConfig("bridge",
                    List.of(router1.address(), router2.address())));
            List<RelayNode> nyc = sites.start("nyc", 3, 1, bridge, List.of(), 0);
            List<RelayNode> sfc = sites.start("sfc", 2, 1, bridge, List.of(), 0);
            RelayNode watcher = sfc.get(0);
            await("sfc sees nyc with 3 members").atMost(ofSeconds(60)).until(() -> watcher.topology().containsKey("sfc")
                    && watcher.topology().containsKey("nyc") && watcher.topology().get("nyc").members().size() == 3);
            // Stands in for the grid's /grid/status (xsite-grid is above this module; GridStatus's fields), with a
            // backup site that lags.
            watcher.addAdminRoute("/grid/status", AdminRoute.of(() -> AdminResponse.json(GRID_STATUS)));
            String page = "http://127.0.0.1:" + watcher.adminAddress().orElseThrow().getPort() + "/";

            try (HeadlessChromium browser = HeadlessChromium.open(chromium, page)) {
                LivePageView shown = new LivePageView(browser);
                // The site master sfc knows of, once the page shows the same (at first a loaded machine may
                // split nyc and merge it again, changing its site master).
                await("the page shows nyc's site master").atMost(ofSeconds(60)).until(() -> {
                    SiteView seen = watcher.topology().get("nyc");
                    List<String> known = seen == null ? List.of()
                            : seen.siteMasters().stream().map(UuidAddress::name).toList();
                    return known.size() == 1 && shown.siteMaster("nyc").equals(known.get(0));
                });
                String oldMaster = shown.siteMaster("nyc");
                RelayNode master = nyc.stream().filter(node -> node.name().equals(oldMaster)).findFirst()
                        .orElseThrow();
                // Gone if the page reloads: the new site master must arrive through the open page.
                shown.markLoad();

                sites.forget(master);
                master.simulateCrash();

                await("the page shows a new site master of nyc").atMost(ofSeconds(90)).until(() ->
                        !shown.siteMaster("nyc").isEmpty() && !shown.siteMaster("nyc").equals(oldMaster));
                await("nyc's card lists two members").atMost(ofSeconds(30))
                        .until(() -> shown.members("nyc").size() == 2);
                String newMaster = shown.siteMaster("nyc");
                assertThat(nyc).extracting(RelayNode::name).contains(newMaster);
                shown.assertNotReloaded();
                shown.assertSiteMasterChange("nyc", oldMaster, newMaster);
                assertThat(shown.link()).isEqualTo("live");

                assertThat(shown.cache("users")).contains("users", "10000",
                        "nyc (async): online, 12 pending, oldest 1.5 s ago");
                assertThat(shown.backupHealth("nyc")).as("a lagging backup site is amber").isEqualTo("warn");
                Path screenshot = Path.of("target", "live-page.png");
                browser.screenshot(screenshot);
                assertThat(Files.size(screenshot)).isPositive();
            }
        }
    }
}
