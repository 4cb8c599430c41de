package io.xsite.bench.site;

import io.xsite.bench.JGroupsStack;
import io.xsite.bench.Rounds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The site benchmark: a cluster of xsite members against a cluster of JGroups 5.5 channels of the same
 * shape ({@link JGroupsStack}), both on loopback tcp in this one JVM, under the same load: messages to
 * everyone from every member, a stream from one member to another, and request/response latency.
 * Prints a Markdown table per system and scenario and xsite's ratios against JGroups.
 *
 * <p>Both clusters run for the whole benchmark and take turns scenario by scenario, so that a noisy
 * neighbour on a shared host hurts both alike. Each scenario runs {@code --rounds} rounds in which the
 * systems take turns in rotated order ({@link Rounds#order}), so that each goes first equally often:
 * the JIT still compiles for seconds after start, and whoever runs first shares the CPU with it. The
 * report pools the rounds and shows the ratio of each.
 */
@Command(name = "site-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compares site-local messaging: xsite members vs JGroups 5.5 channels (TCP, TCPPING, NAKACK2,"
                + " UNICAST3, GMS, UFC/MFC, FRAG4).")
public final class SiteBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SiteBenchmark.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds per scenario (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--duration", defaultValue = "5",
            description = "Measured seconds per scenario (default: ${DEFAULT-VALUE}).")
    private double durationSeconds;

    @Option(names = "--members", defaultValue = "4", description = "Members per cluster, at least 2 (default: ${DEFAULT-VALUE}).")
    private int members;

    @Option(names = "--size", defaultValue = "1024",
            description = "Payload bytes of stream messages, at least 12 (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--request-size", defaultValue = "64",
            description = "Payload bytes of requests and replies (default: ${DEFAULT-VALUE}).")
    private int requestSize;

    @Option(names = "--rounds", defaultValue = "2", description = "Rounds per scenario, the systems' order rotated"
            + " each round, at least 1 (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--scenarios", split = ",", defaultValue = "to-all,to-one,request,request-all",
            description = "Scenarios to run (default: ${DEFAULT-VALUE}).")
    private List<Scenario> scenarios;

    @Option(names = "--systems", split = ",", defaultValue = "xsite,jgroups",
            description = "Systems to run: xsite, jgroups (default: ${DEFAULT-VALUE}).")
    private List<String> systems;

    /** A command line for {@code benchmark}, with the converter for scenario names. */
    public static CommandLine commandLine(SiteBenchmark benchmark) {
        return new CommandLine(benchmark).registerConverter(Scenario.class, Scenario::of);
    }

    /**
     * Runs the benchmark from the command line.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(commandLine(new SiteBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().printf("Site benchmark: %s%n%n%s", settings(), runAll().toMarkdown());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** What this run compares and how, one line for the report. */
    String settings() {
        return String.format(Locale.ROOT, "%d members per system, %d B messages, %d B requests, warm-up %s s +"
                        + " measured %s s per scenario, %d rounds, Java %s, %d CPUs, max heap %d MiB", members, size,
                requestSize, warmupSeconds, durationSeconds, rounds, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Starts the clusters, runs every selected scenario's rounds on each, stops them and returns the figures. */
    SiteReport runAll() throws Exception {
        if (members < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--members must be at least 2: " + members);
        }
        if (rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1: " + rounds);
        }
        ScenarioRun run = new ScenarioRun(seconds(warmupSeconds), seconds(durationSeconds), size, requestSize);
        List<SiteCluster> clusters = new ArrayList<>();
        try {
            for (String system : systems) {
                clusters.add(start(system));
            }
            List<List<SiteResult>> results = Stream.<List<SiteResult>>generate(ArrayList::new).limit(rounds).toList();
            for (Scenario scenario : scenarios) {
                for (int round = 0; round < rounds; round++) {
                    for (SiteCluster cluster : Rounds.order(clusters, round)) {
                        SiteResult r = run.run(cluster, scenario);
                        LOG.info("{} {} round {} of {}: {} msgs/s{}", r.system(), scenario, round + 1, rounds,
                                Math.round(r.perSecond()), r.hasLatency() ? ", p50 " + Math.round(r.p50Micros())
                                        + " us, p99 " + Math.round(r.p99Micros()) + " us" : "");
                        results.get(round).add(r);
                    }
                }
            }
            return new SiteReport(results);
        } finally {
            clusters.forEach(SiteCluster::close);
        }
    }

    private SiteCluster start(String system) throws Exception {
        long begin = System.nanoTime();
        SiteCluster cluster = switch (system) {
            case SiteReport.XSITE -> XsiteCluster.start(members, START_TIMEOUT);
            case SiteReport.JGROUPS -> JGroupsCluster.start(members, START_TIMEOUT);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown system '" + system + "', expected xsite or jgroups");
        };
        LOG.info("{}: {} members in one view after {} ms", system, members, (System.nanoTime() - begin) / 1_000_000);
        return cluster;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
