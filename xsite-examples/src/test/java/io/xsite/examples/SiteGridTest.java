package io.xsite.examples;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.grid.store.GridStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SiteGridTest {

    @Test
    void aWriteInOneSiteIsReadInTheSiteItIsBackedUpTo() {
        try (TwoSites sites = TwoSites.start();
             GridStore a = SiteGrid.start(sites.nyc().get(0), "sfc");
             GridStore b = SiteGrid.start(sites.nyc().get(1), "sfc");
             GridStore x = SiteGrid.start(sites.x(), "nyc")) {

            await("nyc's grid takes a write backed up to sfc").atMost(ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> SiteGrid.put(b, "user:42", "alice").join());

            assertThat(SiteGrid.get(a, "user:42").join()).as("read in nyc").contains("alice");
            assertThat(SiteGrid.get(x, "user:42").join()).as("read in sfc").contains("alice");
            assertThat(SiteGrid.get(x, "user:43").join()).as("a key nobody wrote").isEqualTo(Optional.empty());
        }
    }
}
