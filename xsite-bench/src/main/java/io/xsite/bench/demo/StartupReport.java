package io.xsite.bench.demo;

import java.util.List;
import java.util.Map;

/** The startup benchmark's Markdown table: per system median, min and max, then the ratio and the goal. */
final class StartupReport {
    private StartupReport() {
    }

    /** The table for {@code results} (system to its runs); a ratio line when both systems ran. */
    static String table(Map<String, List<FirstRound>> results) {
        StringBuilder table = new StringBuilder("| system | runs | median ms | min ms | max ms | rounds (median) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        results.forEach((system, runs) -> table.append(String.format("| %s | %d | %d | %d | %d | %d |%n", system,
                runs.size(), median(runs.stream().map(FirstRound::millis).toList()),
                runs.stream().mapToLong(FirstRound::millis).min().orElse(0),
                runs.stream().mapToLong(FirstRound::millis).max().orElse(0),
                median(runs.stream().map(r -> (long) r.rounds()).toList()))));
        if (results.containsKey("xsite") && results.containsKey("jgroups")) {
            double ratio = (double) median(results.get("xsite").stream().map(FirstRound::millis).toList())
                    / median(results.get("jgroups").stream().map(FirstRound::millis).toList());
            table.append(String.format("%nxsite / jgroups (medians): %.2f; goal <= %.2f: %s%n", ratio,
                    StartupBenchmark.GOAL, ratio <= StartupBenchmark.GOAL ? "met" : "NOT met"));
        }
        return table.toString();
    }

    /** The median of {@code values} (the lower middle one for an even count); 0 when empty. */
    static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }
}
