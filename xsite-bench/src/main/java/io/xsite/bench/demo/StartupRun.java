package io.xsite.bench.demo;

import java.time.Duration;

/**
 * One measured start, in a JVM of its own (started by {@link StartupBenchmark}):
 * {@code StartupRun xsite|jgroups ROUND_MS TIMEOUT_MS}. The clock starts first thing in {@code main}, so
 * class loading and JIT warm-up of the system under test count, as they do when a user starts the demo;
 * the JVM's own start does not. Prints one {@link FirstRound#line()} on stdout and exits 0, or exits 1.
 */
public final class StartupRun {
    private StartupRun() {
    }

    /** Runs one start of the system named in {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Duration round = Duration.ofMillis(Long.parseLong(args[1]));
        Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
        FirstRound result = switch (args[0]) {
            case "xsite" -> XsiteStartup.run(start, round, timeout);
            case "jgroups" -> JGroupsStartup.run(start, round, timeout);
            default -> throw new IllegalArgumentException("unknown system " + args[0] + " (xsite or jgroups)");
        };
        System.out.println(result.line());
        System.out.flush();
        // Closing the clusters happened already; non-daemon threads of either library must not keep us here.
        System.exit(0);
    }
}
