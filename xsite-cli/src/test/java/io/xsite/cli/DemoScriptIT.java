package io.xsite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/xsite demo --script} as users run it (in one JVM): every step of the reference scenario is
 * checked from its printed output, and the exit code is 0.
 */
class DemoScriptIT {
    private static final List<String> EVERYONE = List.of("nyc1:nyc", "nyc2:nyc", "nyc3:nyc", "nyc4:nyc", "nyc5:nyc",
            "sfc1:sfc", "sfc2:sfc", "sfc3:sfc", "Temp:sfc");
    private static final Pattern FAILOVER =
            Pattern.compile("nyc's view excludes (nyc\\d) after \\d+ ms; new site master of nyc: (nyc\\d):nyc");

    @TempDir
    Path workingDirectory;

    @Test
    void theReferenceScenarioHolds() throws Exception {
        try (LauncherProcess demo = LauncherProcess.start(workingDirectory,
                Map.of("XSITE_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC"), "demo", "--script")) {
            int exitCode = demo.awaitExit();
            List<String> out = demo.out();
            String transcript = String.join("\n", out);
            assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", transcript,
                    String.join("\n", demo.err())).isZero();

            List<String> firstRound = section(out, "[1/4]", "[2/4]");
            assertThat(responders(firstRound)).as("the first line's replies")
                    .containsExactlyInAnyOrderElementsOf(EVERYONE);
            assertThat(firstRound).contains("<< hello from Temp:sfc").anyMatch(l -> l.startsWith("9/9 replies"))
                    .endsWith("ok");

            List<String> topology = section(out, "[2/4]", "[3/4]");
            assertThat(topology).contains("nyc", "sfc").endsWith("ok");
            assertThat(topology).filteredOn(l -> l.endsWith("// site master")).hasSize(2);
            assertThat(topology).filteredOn(l -> l.startsWith("  ")).hasSize(9)
                    .anyMatch(l -> l.startsWith("  Temp:sfc (127.0.0.1:") && l.endsWith("(me)"));

            List<String> failover = section(out, "[3/4]", "[4/4]");
            Matcher crash = failover.stream().map(FAILOVER::matcher).filter(Matcher::matches).findFirst()
                    .orElseThrow(() -> new AssertionError("no failover line in:\n" + String.join("\n", failover)));
            String crashed = crash.group(1);
            assertThat(crash.group(2)).as("the new site master of nyc").isNotEqualTo(crashed);
            assertThat(failover).contains("crashing " + crashed + ", site master of nyc").endsWith("ok");
            assertThat(topology).as("the crashed member was nyc's site master before")
                    .anyMatch(l -> l.startsWith("  " + crashed + ":nyc (127.0.0.1:") && l.endsWith(") // site master"));

            List<String> secondRound = section(out, "[4/4]", "all 4 steps held");
            assertThat(responders(secondRound)).as("the second line's replies, without " + crashed)
                    .containsExactlyInAnyOrderElementsOf(EVERYONE.stream()
                            .filter(name -> !name.equals(crashed + ":nyc")).toList());
            assertThat(secondRound).anyMatch(l -> l.startsWith("8/8 replies")).endsWith("ok");
            assertThat(out).last().isEqualTo("all 4 steps held");
            assertThat(demo.err()).as("no stack trace").noneMatch(l -> l.startsWith("\tat "));
        }
    }

    /** The lines after the one starting with {@code from}, up to the one starting with {@code to}. */
    private static List<String> section(List<String> out, String from, String to) {
        int start = indexOf(out, from);
        int end = indexOf(out, to);
        assertThat(start).as("line starting with " + from).isNotNegative();
        assertThat(end).as("line starting with " + to).isGreaterThan(start);
        return out.subList(start + 1, end);
    }

    private static int indexOf(List<String> out, String prefix) {
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> responders(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("<< response from "))
                .map(l -> l.substring("<< response from ".length())).collect(Collectors.toList());
    }
}
