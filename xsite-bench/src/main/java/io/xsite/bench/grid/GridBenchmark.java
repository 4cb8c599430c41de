package io.xsite.bench.grid;

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
 * The grid benchmark (issue 17): {@code redis-benchmark} against {@code redis-server} and against a site of
 * {@code xsite node} processes (cache {@code default}, 2 owners), both running for the whole benchmark and
 * taking turns (the site twice: through its first member, and to every member with redis-benchmark as a cluster
 * client, {@code --cluster-clients}), then the memory each takes per entry and copy. Prints the figures and xsite's ratios as
 * Markdown.
 *
 * <p>First every test runs once against each system at each pipeline depth, unmeasured
 * ({@code --warmup-requests}): the xsite JVMs compile their hot paths for tens of seconds, and the figures are
 * about the steady state. Then each pipeline depth runs {@code --rounds} rounds in which the systems take
 * turns in rotated order ({@link Rounds#order}), pooled in the report. Memory is measured last:
 * {@code --memory-entries} keys written into each system over one pipelined connection, its memory before
 * and after ({@link MemorySample}).
 */
@Command(name = "grid-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compares the grid over RESP with redis-server: redis-benchmark throughput and latency, and"
                + " memory per entry.")
public final class GridBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(GridBenchmark.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--clients", defaultValue = "50", description = "redis-benchmark -c (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--value-bytes", defaultValue = "100",
            description = "redis-benchmark -d, and the values of the memory part (default: ${DEFAULT-VALUE}).")
    private int valueBytes;

    @Option(names = "--requests", defaultValue = "200000",
            description = "redis-benchmark -n, requests per command (default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--keyspace", defaultValue = "100000",
            description = "redis-benchmark -r, random keys (default: ${DEFAULT-VALUE}).")
    private int keyspace;

    @Option(names = "--pipelines", split = ",", defaultValue = "1,16",
            description = "redis-benchmark -P values (default: ${DEFAULT-VALUE}).")
    private List<Integer> pipelines;

    @Option(names = "--tests", split = ",", defaultValue = "set,get,incr,mset",
            description = "redis-benchmark -t (default: ${DEFAULT-VALUE}).")
    private List<String> tests;

    @Option(names = "--threads", defaultValue = "0", description = "redis-benchmark --threads against every system;"
            + " 0: its own choice, one thread, but one per master with --cluster (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--warmup-requests", defaultValue = "100000", description = "redis-benchmark -n of a warm-up"
            + " run of every test against each system at each pipeline before the rounds, not measured; 0: none"
            + " (default: ${DEFAULT-VALUE}).")
    private int warmupRequests;

    @Option(names = "--rounds", defaultValue = "2",
            description = "Rounds per pipeline, the systems' order rotated each round (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--members", defaultValue = "3", description = "xsite nodes (default: ${DEFAULT-VALUE}).")
    private int members;

    @Option(names = "--memory-entries", defaultValue = "1000000",
            description = "Entries written for the memory part, 0 to skip it (default: ${DEFAULT-VALUE}).")
    private long memoryEntries;

    @Option(names = "--nice", defaultValue = "0", description = "Runs the servers and redis-benchmark under"
            + " nice -n N; negative needs root (default: ${DEFAULT-VALUE}).")
    private int niceness;

    @Option(names = "--cluster-clients", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also runs redis-benchmark --cluster against the site (system 'xsite --cluster'): its clients"
                    + " send each key to its primary (default: ${DEFAULT-VALUE}).")
    private boolean clusterClients;

    @Option(names = "--xsite-jvm-options", split = " ", defaultValue = "-Xmx1g",
            description = "JVM options of each xsite node, space separated (default: ${DEFAULT-VALUE}).")
    private List<String> xsiteJvmOptions;

    /**
     * Runs the benchmark from the command line.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GridBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().printf("Grid benchmark: %s%n%n%s", settings(), runAll().toMarkdown());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** What this run compares and how, one line for the report. */
    String settings() {
        return String.format(Locale.ROOT, "redis-benchmark -c %d -d %d -n %d -r %d -t %s --threads %d, pipelines %s,"
                        + " warm-up -n %d,"
                        + " %d rounds; %d xsite nodes (owners 2, JVM %s), load to the first%s; memory: %d entries;"
                        + " nice %d; %d CPUs", clients, valueBytes, requests, keyspace, String.join(",", tests), threads,
                pipelines, warmupRequests, rounds, members, String.join(" ", xsiteJvmOptions),
                clusterClients ? ", and with --cluster to every member" : "", memoryEntries, niceness,
                Runtime.getRuntime().availableProcessors());
    }

    /** Starts both systems, runs every pipeline's rounds and the memory part, stops them, returns the figures. */
    GridReport runAll() throws Exception {
        if (rounds < 1 || members < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rounds must be at least 1 and --members at least 2: " + rounds + ", " + members);
        }
        RedisBenchmarkRun benchmark = new RedisBenchmarkRun(clients, valueBytes, requests, keyspace, tests, niceness,
                threads);
        List<GridTarget> targets = new ArrayList<>();
        try {
            targets.add(RedisServerTarget.start(niceness, START_TIMEOUT));
            long begin = System.nanoTime();
            XsiteSiteTarget site = XsiteSiteTarget.start(members, niceness, xsiteJvmOptions, START_TIMEOUT);
            targets.add(site);
            if (clusterClients) {
                targets.add(new ClusterClientsTarget(site));
            }
            LOG.info("xsite: {} nodes in one view, grid settled, after {} ms", members,
                    (System.nanoTime() - begin) / 1_000_000);
            if (warmupRequests > 0) {
                RedisBenchmarkRun warmup = benchmark.withRequests(warmupRequests);
                for (int pipeline : pipelines) {
                    for (GridTarget target : targets) {
                        warmup.warmUp(target, pipeline);
                    }
                }
                LOG.info("warm-up done: {} requests per test, pipeline and system", warmupRequests);
            }
            List<List<CommandFigures>> results = Stream.<List<CommandFigures>>generate(ArrayList::new).limit(rounds)
                    .toList();
            for (int pipeline : pipelines) {
                for (int round = 0; round < rounds; round++) {
                    int shown = round + 1;
                    for (GridTarget target : Rounds.order(targets, round)) {
                        List<CommandFigures> figures = benchmark.run(target, pipeline);
                        figures.forEach(f -> LOG.info("{} pipeline {} round {} of {}: {} {} requests/s, p99 {} ms",
                                f.system(), pipeline, shown, rounds, f.test(), Math.round(f.rps()), f.p99Ms()));
                        results.get(round).addAll(figures);
                    }
                }
            }
            List<MemoryResult> memory = new ArrayList<>();
            if (memoryEntries > 0) {
                for (GridTarget target : targets) {
                    if (!target.clusterClients()) {
                        memory.add(measureMemory(target));
                    }
                }
            }
            return new GridReport(results, memory);
        } finally {
            targets.forEach(GridTarget::close);
        }
    }

    private MemoryResult measureMemory(GridTarget target) throws Exception {
        MemorySample before = target.memory();
        long begin = System.nanoTime();
        MemoryLoad.load(target.resp(), memoryEntries, valueBytes);
        LOG.info("{}: {} entries written in {} ms", target.name(), memoryEntries,
                (System.nanoTime() - begin) / 1_000_000);
        MemorySample after = target.memory();
        return new MemoryResult(target.name(), memoryEntries, target.copies(), before, after);
    }
}
