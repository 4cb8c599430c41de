package io.xsite.bench.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Start to first complete round of the demo topology (2 routers, nyc 5 + sfc 3 members, Temp in sfc): xsite
 * (the demo's own in-JVM start) against JGroups 5.5 (RELAY3, TCP + TCPPING sites, TUNNEL bridge through
 * two JGroups routers). Every repetition of every system runs in a fresh child JVM ({@link StartupRun}),
 * alternating systems so that noise on a shared host hits both; the report gives each system's median,
 * minimum and maximum, the ratio of the medians and whether xsite took at most half of JGroups' time.
 */
@Command(name = "StartupBenchmark", mixinStandardHelpOptions = true,
        description = "Start to the first complete round of chat replies: xsite demo vs JGroups 5.5.")
public final class StartupBenchmark implements Callable<Integer> {
    /** The goal: xsite's median at most this fraction of JGroups'. */
    static final double GOAL = 0.5;

    @Option(names = "--repetitions", description = "Starts per system. Default: ${DEFAULT-VALUE}.", defaultValue = "5")
    int repetitions;

    @Option(names = "--round-ms", description = "How long a round waits for all 9 replies before the next line. "
            + "Default: ${DEFAULT-VALUE}.", defaultValue = "500")
    long roundMillis;

    @Option(names = "--timeout-s", description = "Longest time for one start. Default: ${DEFAULT-VALUE}.",
            defaultValue = "90")
    long timeoutSeconds;

    @Option(names = "--systems", split = ",", description = "Systems to run. Default: ${DEFAULT-VALUE}.",
            defaultValue = "xsite,jgroups")
    List<String> systems;

    @Option(names = "--jvm-flags", split = " ", description = "Flags of every child JVM. Default: ${DEFAULT-VALUE}.",
            defaultValue = "-Xms256m -Xmx512m -XX:+UseG1GC")
    List<String> jvmFlags;

    /** Runs the benchmark with {@code args} (see {@code --help}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new StartupBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, List<FirstRound>> results = new LinkedHashMap<>();
        systems.forEach(system -> results.put(system, new ArrayList<>()));
        for (int rep = 1; rep <= repetitions; rep++) {
            for (String system : systems) {
                FirstRound result = runChild(system);
                results.get(system).add(result);
                System.out.printf("repetition %d %-8s %6d ms (%d rounds)%n", rep, system, result.millis(),
                        result.rounds());
            }
        }
        System.out.println();
        System.out.println(StartupReport.table(results));
        return 0;
    }

    private FirstRound runChild(String system) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StartupRun.class.getName(), system,
                Long.toString(roundMillis), Long.toString(Duration.ofSeconds(timeoutSeconds).toMillis())));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Optional<FirstRound> result = Optional.empty();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            // Read to the end, so that the child never blocks on a full pipe.
            List<String> lines = out.lines().toList();
            result = lines.stream().map(FirstRound::parse).flatMap(Optional::stream).findFirst();
        }
        if (!child.waitFor(timeoutSeconds + 30, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException(system + " run did not end");
        }
        return result.orElseThrow(() -> new IllegalStateException(system + " run exited with " + child.exitValue()
                + " and no result"));
    }
}
