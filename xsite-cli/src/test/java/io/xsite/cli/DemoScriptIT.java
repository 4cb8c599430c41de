package io.xsite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/xsite demo --script} as users run it, in one JVM and with {@code --processes} (every router and
 * member a JVM of its own, crashes are SIGKILL, RESP is TLS): every step of the reference scenario, the data steps
 * included (10,000 keys through the failover client across the loss and return of nyc, the push of sfc's state
 * and the verify through the admin endpoints), is checked from its printed output, and the exit code is 0.
 */
class DemoScriptIT {
    private static final List<String> EVERYONE = List.of("nyc1:nyc", "nyc2:nyc", "nyc3:nyc", "nyc4:nyc", "nyc5:nyc",
            "sfc1:sfc", "sfc2:sfc", "sfc3:sfc", "Temp:sfc");
    private static final Pattern FAILOVER =
            Pattern.compile("nyc's view excludes (nyc\\d) after \\d+ ms; new site master of nyc: (nyc\\d):nyc");
    /** The JVM options of the demo's own JVM: small, as on a CI runner. */
    private static final Map<String, String> SMALL_JVM = Map.of("XSITE_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC");

    @TempDir
    Path workingDirectory;

    @Test
    void theReferenceScenarioHolds() throws Exception {
        try (LauncherProcess demo = LauncherProcess.start(workingDirectory, SMALL_JVM, "demo", "--script")) {
            // Eleven steps of at most 30 s each (the default step timeout), and the start.
            List<String> out = succeeded(demo, Duration.ofMinutes(6));

            assertThat(out).anyMatch(l -> l.matches("  nyc: redis-cli -p \\d+ \\(or any of \\d+ \\d+ \\d+ \\d+\\); "
                    + "live page http://127\\.0\\.0\\.1:\\d+/")).anyMatch(l -> l.matches("  sfc: redis-cli -p \\d+ "
                    + "\\(or any of \\d+ \\d+\\); live page http://127\\.0\\.0\\.1:\\d+/"));
            assertScenario(out, "stopped at once in this JVM, sockets closed, no leave",
                    "nyc1, nyc2, nyc3, nyc4, nyc5: started again in this JVM, empty");
        }
    }

    @Test
    void theReferenceScenarioHoldsWithEveryMemberInAJvmOfItsOwn() throws Exception {
        // Ten JVMs starting at once on 2 busy cores took 90 s to form both sites (load average 45); a run takes
        // about 4 minutes then, and eleven steps of at most 2 minutes bound it.
        try (LauncherProcess demo = LauncherProcess.start(workingDirectory, SMALL_JVM, "demo", "--script",
                "--processes", "--step-timeout", "120s")) {
            List<String> out = succeeded(demo, Duration.ofMinutes(24));

            assertThat(out).anyMatch(l -> l.matches("  nyc: redis-cli --tls --cacert \\S+/client/ca\\.crt --cert "
                    + "\\S+/client/tls\\.crt --key \\S+/client/tls\\.key -p \\d+ \\(or any of \\d+ \\d+ \\d+ \\d+\\); "
                    + "live page http://127\\.0\\.0\\.1:\\d+/"));
            assertScenario(out, "SIGKILL to pid ", "nyc1, nyc2, nyc3, nyc4, nyc5: started again as pids ");
        }
    }

    /** The demo's stdout once it exited 0 within {@code patience}; its stdout and stderr in the failure otherwise. */
    private static List<String> succeeded(LauncherProcess demo, Duration patience) throws Exception {
        int exitCode = demo.awaitExit(patience);
        List<String> out = demo.out();
        assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", String.join("\n", out),
                String.join("\n", demo.err())).isZero();
        assertThat(demo.err()).as("no stack trace").noneMatch(l -> l.startsWith("\tat "));
        return out;
    }

    /**
     * Every step's lines: a crash prints {@code crashed} after the member's name (in this JVM, or SIGKILL to a pid),
     * nyc's restart begins with {@code restarted}.
     */
    private static void assertScenario(List<String> out, String crashed, String restarted) {
        List<String> firstRound = section(out, "[1/11]", "[2/11]");
        assertThat(responders(firstRound)).as("the first line's replies").containsExactlyInAnyOrderElementsOf(EVERYONE);
        assertThat(firstRound).contains("<< hello from Temp:sfc").anyMatch(l -> l.startsWith("9/9 replies"))
                .endsWith("ok");

        List<String> topology = section(out, "[2/11]", "[3/11]");
        assertThat(topology).contains("nyc", "sfc").endsWith("ok");
        assertThat(topology).filteredOn(l -> l.endsWith("// site master")).hasSize(2);
        assertThat(topology).filteredOn(l -> l.startsWith("  ")).hasSize(9)
                .anyMatch(l -> l.startsWith("  Temp:sfc (127.0.0.1:") && l.endsWith("(me)"));

        List<String> failover = section(out, "[3/11]", "[4/11]");
        Matcher crash = failover.stream().map(FAILOVER::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no failover line in:\n" + String.join("\n", failover)));
        String siteMaster = crash.group(1);
        assertThat(crash.group(2)).as("the new site master of nyc").isNotEqualTo(siteMaster);
        assertThat(failover).contains("crashing " + siteMaster + ", site master of nyc")
                .anyMatch(l -> l.startsWith(siteMaster + ": " + crashed)).endsWith("ok");
        assertThat(topology).as("the crashed member was nyc's site master before")
                .anyMatch(l -> l.startsWith("  " + siteMaster + ":nyc (127.0.0.1:") && l.endsWith(") // site master"));

        List<String> secondRound = section(out, "[4/11]", "[5/11]");
        assertThat(responders(secondRound)).as("the second line's replies, without " + siteMaster)
                .containsExactlyInAnyOrderElementsOf(EVERYONE.stream()
                        .filter(name -> !name.equals(siteMaster + ":nyc")).toList());
        assertThat(secondRound).anyMatch(l -> l.startsWith("8/8 replies")).endsWith("ok");
        assertThat(section(out, "[5/11]", "[6/11]")).as("the writes at nyc").anyMatch(l -> l.matches(
                "10,000 keys written through the client at nyc in \\d+ ms; each acknowledged once sfc had it too "
                        + "\\(sync backup\\)")).endsWith("ok");
        List<String> crashNyc = section(out, "[6/11]", "[7/11]");
        assertThat(crashNyc).as("every nyc member still running crashed, the site master crashed before not again")
                .filteredOn(l -> l.startsWith("nyc")).hasSize(4).allMatch(l -> l.contains(": " + crashed))
                .noneMatch(l -> l.startsWith(siteMaster + ":"));
        assertThat(crashNyc).anyMatch(l -> l.matches("site nyc is gone from the topology after \\d+ ms"))
                .endsWith("ok");
        List<String> readAtSfc = section(out, "[7/11]", "[8/11]");
        assertThat(readAtSfc).anyMatch(l -> l.startsWith("the client reports: switched from nyc to sfc ("))
                .anyMatch(l -> l.matches("10,000 of 10,000 keys read through the client at sfc in \\d+ ms, each "
                        + "with the value written at nyc")).endsWith("ok");
        List<String> restart = section(out, "[8/11]", "[9/11]");
        assertThat(restart).anyMatch(l -> l.matches("sfc pushes its state to nyc: POST /grid/backups/nyc/push-state at "
                        + "Temp's admin endpoint \\(xsite grid push-state nyc --port \\d+ --admin-token-file \\S+/admin-token\\)"))
                .anyMatch(l -> l.startsWith(restarted)).anyMatch(l -> l.startsWith("nyc is back with 5 members after "))
                .endsWith("ok");
        assertThat(restart).as("every member of sfc pushes, Temp included").filteredOn(l -> l.matches(
                "  (sfc\\d|Temp): pushing \\d+ segments \\(was online\\)")).hasSize(4);
        assertThat(section(out, "[9/11]", "[10/11]")).anyMatch(l -> l.matches("sfc's push to nyc is done on its 4 "
                + "members after \\d+ ms \\(10,0\\d\\d entries sent\\); its backlog for nyc is 0 keys")).endsWith("ok");
        List<String> verify = section(out, "[10/11]", "[11/11]");
        assertThat(verify).anyMatch(l -> l.matches("GET /grid/verify\\?site=nyc at sfc1 \\(xsite grid verify nyc --port "
                + "\\d+\\): sfc and nyc hold the same values \\(256 segments, 10,0\\d\\d keys\\)"))
                .contains("nyc and sfc hold the same 10,000 keys and values (every key read at each site through RESP)")
                .endsWith("ok");
        assertThat(section(out, "[11/11]", "all 11 steps held"))
                .anyMatch(l -> l.startsWith("the client reports: back at nyc (")).endsWith("ok");
        assertThat(out).last().isEqualTo("all 11 steps held");
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
