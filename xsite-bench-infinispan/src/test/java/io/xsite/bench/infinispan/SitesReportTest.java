package io.xsite.bench.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SitesReportTest {
    private static PutFigures puts(String system, Strategy strategy, long puts, double p99Ms, Double lagP99Ms) {
        return new PutFigures(system, strategy, 100, 8, 10, puts, 0, p99Ms / 2, p99Ms,
                Optional.ofNullable(lagP99Ms).map(l -> new LagFigures(50, l / 2, l, l * 2, 0)));
    }

    @Test
    void ratiosCompareXsiteWithInfinispanPerStrategyAndSayWhetherTheGoalsAreMet() {
        SitesReport report = new SitesReport(List.of(
                puts("xsite", Strategy.SYNC, 200_000, 1.0, null),
                puts("xsite", Strategy.ASYNC, 300_000, 1.0, 20.0),
                puts("infinispan", Strategy.SYNC, 50_000, 4.0, null),
                puts("infinispan", Strategy.ASYNC, 90_000, 3.0, 30.0)), List.of());

        String markdown = report.toMarkdown();

        assertThat(markdown).contains("| xsite | sync | 100 B | 8 | 20000 | 0.50 | 1.00 | 0 | - | - | - | - | - |")
                .contains("| xsite | async | 100 B | 8 | 30000 | 0.50 | 1.00 | 0 | 10.0 | 20.0 | 40.0 | 50 | 0 |")
                .contains("| sync | 100 B | 4.00 | 0.25 | - | met |")
                .contains("| async | 100 B | 3.33 | 0.33 | 0.67 | not met |")
                .doesNotContain("Whole site");
    }

    @Test
    void siteLossIsShownSideBySideWithTheMissingKeysAsTimeOfLoad() {
        SitesReport report = new SitesReport(List.of(), List.of(new LossFigures("xsite", 8, 10_000, 100_000, 50),
                new LossFigures("infinispan", 8, 5_000, 50_000, 100)));

        assertThat(report.toMarkdown()).contains("| xsite | 8 | 10000 | 100000 | 50 | 5 |")
                .contains("| infinispan | 8 | 5000 | 50000 | 100 | 20 |")
                .doesNotContain("Ratios");
    }
}
