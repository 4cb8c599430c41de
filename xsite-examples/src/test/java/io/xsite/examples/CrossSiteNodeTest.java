package io.xsite.examples;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.relay.RelayNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossSiteNodeTest {

    @Test
    void aMessageToASiteReachesEveryMemberThereAndAnswersComeBack() {
        try (TwoSites sites = new TwoSites()) {
            List<RelayNode> nyc = sites.startSite("nyc", "A", "B");
            List<RelayNode> sfc = sites.startSite("sfc", "X");
            sites.awaitTopology(Map.of("nyc", 2, "sfc", 1));

            CrossSiteNode.tellSite(nyc.get(1), "sfc", "hello sfc").join();
            CrossSiteNode.tellSite(sfc.get(0), "nyc", "hello nyc").join();

            await("X hears B; A and B hear X").atMost(ofSeconds(10)).untilAsserted(() -> {
                assertThat(sites.heardBy("X")).containsExactly("nyc/B: hello sfc");
                assertThat(sites.heardBy("A")).containsExactly("sfc/X: hello nyc");
                assertThat(sites.heardBy("B")).containsExactly("sfc/X: hello nyc");
            });
        }
    }

    @Test
    void messagesStillArriveAfterTheSiteMasterCrashed() {
        try (TwoSites sites = new TwoSites()) {
            List<RelayNode> nyc = sites.startSite("nyc", "A", "B");
            List<RelayNode> sfc = sites.startSite("sfc", "X");
            sites.awaitTopology(Map.of("nyc", 2, "sfc", 1));
            RelayNode siteMaster = nyc.get(0);

            siteMaster.simulateCrash();
            sites.forget(siteMaster);
            sites.awaitTopology(Map.of("nyc", 1, "sfc", 1));
            CrossSiteNode.tellSite(sfc.get(0), "nyc", "after the crash").join();
            CrossSiteNode.tellSite(nyc.get(1), "sfc", "B took over").join();

            await("B, now nyc's site master, hears X and X hears B").atMost(ofSeconds(10)).untilAsserted(() -> {
                assertThat(sites.heardBy("B")).containsExactly("sfc/X: after the crash");
                assertThat(sites.heardBy("X")).containsExactly("nyc/B: B took over");
            });
        }
    }
}
