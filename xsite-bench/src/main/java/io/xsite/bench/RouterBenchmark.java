package io.xsite.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.xsite.net.loop.EventLoops;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The router benchmark: the xsite router against JGroups 5.5's GossipRouter, each in a child JVM
 * with the same flags, under the same load from clients in this JVM. Prints Markdown tables of
 * throughput, latency and router CPU per scenario, the idle-clients memory, and xsite's ratios.
 *
 * <p>All routers run for the whole forwarding part and take turns scenario by scenario, so that a
 * noisy neighbour on a shared host hurts them alike rather than whichever ran during the noise.
 */
@Command(name = "router-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compares router forwarding and idle-client memory: xsite vs JGroups 5.5 GossipRouter.")
public final class RouterBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RouterBenchmark.class);

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds per scenario (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--duration", defaultValue = "10",
            description = "Measured seconds per forwarding scenario; 0 skips forwarding (default: ${DEFAULT-VALUE}).")
    private double durationSeconds;

    @Option(names = "--rounds", defaultValue = "1",
            description = "Rounds per forwarding scenario: the routers take turns once per round, in reverse order every"
                    + " other round, and each router's rounds are added up (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--sizes", split = ",", defaultValue = "1024,16384",
            description = "Payload bytes per message, at least 16 (default: ${DEFAULT-VALUE}).")
    private List<Integer> sizes;

    @Option(names = "--clients", split = ",", defaultValue = "2,8",
            description = "Clients in the ring, at least 2 (default: ${DEFAULT-VALUE}).")
    private List<Integer> clients;

    @Option(names = "--idle-clients", defaultValue = "10000",
            description = "Idle registered clients in the memory scenario; 0 skips it (default: ${DEFAULT-VALUE}).")
    private int idleClients;

    @Option(names = "--routers", split = ",", defaultValue = "xsite,jgroups,jgroups-nio",
            description = "Routers to run: xsite, xsite-loops (one event loop per processor), jgroups (blocking, as"
                    + " shipped), jgroups-nio, xsite-tls (TLS clients only; idle clients only, so with --duration 0)"
                    + " (default: ${DEFAULT-VALUE}).")
    private List<RouterKind> routers;

    @Option(names = "--window", defaultValue = "64",
            description = "Most messages in flight per client (default: ${DEFAULT-VALUE}).")
    private int window;

    @Option(names = "--client-threads", defaultValue = "2",
            description = "Event loop threads of the load clients (default: ${DEFAULT-VALUE}).")
    private int clientThreads;

    @Option(names = "--router-jvm-flags", split = " ", defaultValue = "-Xms64m -Xmx512m -XX:+UseG1GC",
            description = "JVM flags of every router child JVM, space separated (default: ${DEFAULT-VALUE}).")
    private List<String> routerJvmFlags;

    /** A command line for {@code benchmark}, with the converter for router names. */
    public static CommandLine commandLine(RouterBenchmark benchmark) {
        return new CommandLine(benchmark).registerConverter(RouterKind.class, RouterKind::of);
    }

    /**
     * Runs the benchmark from the command line.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(commandLine(new RouterBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().printf("Router benchmark: %s%n%n%s", settings(), runAll().toMarkdown());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** What this run compares and how, one line for the report. */
    String settings() {
        return String.format(Locale.ROOT,
                "routers %s, warm-up %s s + measured %s s per scenario and round, %d rounds, window %d per client,"
                        + " %d client threads, router JVM flags %s, Java %s, %d CPUs",
                routers, warmupSeconds, durationSeconds, rounds, window, clientThreads, routerJvmFlags,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }

    /** Runs every scenario the options select and returns the figures. */
    public BenchmarkReport runAll() throws InterruptedException, TimeoutException {
        EventLoopGroup loop = EventLoops.create("bench-load", clientThreads);
        try {
            Bootstrap bootstrap = new Bootstrap().group(loop).channel(EventLoops.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true);
            List<ForwardingResult> forwarding = forwarding(bootstrap);
            List<IdleResult> idle = new ArrayList<>();
            if (idleClients > 0) {
                IdleRun run = new IdleRun(bootstrap, routerJvmFlags);
                for (RouterKind kind : routers) {
                    IdleResult result = run.run(kind, idleClients);
                    LOG.info("{} with {} idle clients: heap {} MiB, RSS {} MiB", kind, idleClients,
                            Math.round(result.heapMb()), Math.round(result.rssMb()));
                    idle.add(result);
                }
            }
            return new BenchmarkReport(forwarding, idle);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private List<ForwardingResult> forwarding(Bootstrap bootstrap) throws InterruptedException, TimeoutException {
        List<ForwardingResult> results = new ArrayList<>();
        if (durationSeconds <= 0 || sizes.isEmpty() || clients.isEmpty()) {
            return results;
        }
        routers.stream().filter(RouterKind::isTls).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException(k + " runs the idle-clients scenario only (the forwarding clients speak"
                    + " plain TCP): add --duration 0");
        });
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1: " + rounds);
        }
        ForwardingRun run = new ForwardingRun(bootstrap, seconds(warmupSeconds), seconds(durationSeconds), window);
        List<RouterProcess> started = new ArrayList<>();
        try {
            for (RouterKind kind : routers) {
                started.add(RouterProcess.start(kind, routerJvmFlags));
            }
            for (int size : sizes) {
                for (int n : clients) {
                    results.addAll(scenario(run, started, size, n));
                }
            }
            return results;
        } finally {
            started.forEach(RouterProcess::close);
        }
    }

    /**
     * One scenario on every router, {@code rounds} times. Every other round runs the routers in reverse order, so
     * that neither the harness warming up nor a neighbour's burst favours the router that happens to go first.
     */
    private List<ForwardingResult> scenario(ForwardingRun run, List<RouterProcess> started, int size, int n)
            throws InterruptedException, TimeoutException {
        Map<RouterKind, ForwardingResult> added = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<RouterProcess> order = new ArrayList<>(started);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (RouterProcess router : order) {
                ForwardingResult r = run.run(router, size, n);
                LOG.info("{} {} B x {} clients, round {}: {} msgs/s, p99 {} us, router CPU {} s", router.kind(), size,
                        n, round + 1, Math.round(r.messagesPerSecond()), Math.round(r.p99Micros()),
                        String.format(Locale.ROOT, "%.2f", r.routerCpuSeconds()));
                added.merge(router.kind(), r, ForwardingResult::plus);
            }
        }
        return started.stream().map(router -> added.get(router.kind())).toList();
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
