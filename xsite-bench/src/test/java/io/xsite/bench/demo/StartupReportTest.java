package io.xsite.bench.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The startup report: medians, the ratio and the goal verdict, and the result line a child prints. */
class StartupReportTest {
    @Test
    void reportsMediansAndWhetherXsiteTookAtMostHalf() {
        Map<String, List<FirstRound>> results = new LinkedHashMap<>();
        results.put("xsite", List.of(new FirstRound("xsite", 900, 2), new FirstRound("xsite", 1000, 3),
                new FirstRound("xsite", 4000, 8)));
        results.put("jgroups", List.of(new FirstRound("jgroups", 2500, 4), new FirstRound("jgroups", 2000, 4),
                new FirstRound("jgroups", 3000, 5)));

        String table = StartupReport.table(results);

        assertThat(table).contains("| xsite | 3 | 1000 | 900 | 4000 | 3 |", "| jgroups | 3 | 2500 | 2000 | 3000 | 4 |",
                "xsite / jgroups (medians): 0.40; goal <= 0.50: met");
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerMiddleValue() {
        assertThat(StartupReport.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2);
        assertThat(StartupReport.median(List.of())).isZero();
    }

    @Test
    void aChildsResultLineRoundTrips() {
        FirstRound round = new FirstRound("jgroups", 1234, 5);

        assertThat(FirstRound.parse(round.line())).contains(round);
        assertThat(FirstRound.parse("14:11:34 WARN something else")).isEmpty();
    }
}
