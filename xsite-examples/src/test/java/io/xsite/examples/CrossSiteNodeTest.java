package io.xsite.examples;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.relay.RelayNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossSiteNodeTest {

    @Test
    void aMessageToASiteReachesEveryMemberThereAndAnswersComeBack() {
        try (TwoSites sites = TwoSites.start()) {
            CrossSiteNode.tellSite(sites.nyc().get(1), "sfc", "hello sfc").join();
            CrossSiteNode.tellSite(sites.x(), "nyc", "hello nyc").join();

            await("X hears B; A and B hear X").atMost(ofSeconds(10)).untilAsserted(() -> {
                assertThat(sites.heardBy("X")).containsExactly("nyc/B: hello sfc");
                assertThat(sites.heardBy("A")).containsExactly("sfc/X: hello nyc");
                assertThat(sites.heardBy("B")).containsExactly("sfc/X: hello nyc");
            });
        }
    }

    @Test
    void messagesStillArriveAfterTheSiteMasterCrashed() {
        try (TwoSites sites = TwoSites.start()) {
            RelayNode siteMaster = sites.nyc().get(0);

            siteMaster.simulateCrash();
            sites.forget(siteMaster);
            sites.awaitTopology(Map.of("nyc", 1, "sfc", 1));
            CrossSiteNode.tellSite(sites.x(), "nyc", "after the crash").join();
            CrossSiteNode.tellSite(sites.nyc().get(1), "sfc", "B took over").join();

            await("B, now nyc's site master, hears X and X hears B").atMost(ofSeconds(10)).untilAsserted(() -> {
                assertThat(sites.heardBy("B")).containsExactly("sfc/X: after the crash");
                assertThat(sites.heardBy("X")).containsExactly("nyc/B: B took over");
            });
        }
    }
}
