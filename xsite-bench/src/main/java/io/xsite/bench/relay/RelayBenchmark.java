package io.xsite.bench.relay;

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
 * The relay benchmark of issue 4: xsite relay nodes against JGroups 5.5 with RELAY3, the same topology
 * in this one JVM (nyc with 5 members, sfc with 3, one site master each, the bridge through two gossip
 * routers of each system), under the same load: the chat round trip, cross-site unicast throughput
 * per payload size, and a site-master crash during a numbered stream. Prints Markdown tables, xsite's
 * ratios against JGroups and the goals.
 *
 * <p>Both systems run for the whole benchmark and take turns scenario by scenario, so that a noisy
 * neighbour on a shared host hurts both alike. The chat and each throughput size run {@code --rounds}
 * rounds in which the systems take turns in rotated order ({@link Rounds#order}), so that each goes
 * first equally often: the JIT still compiles for seconds after start, and whoever runs first shares
 * the CPU with it; the report pools the rounds and shows the ratio of each. The failover runs once per
 * system, last, since it leaves each system with one member less.
 *
 * <p>{@code --systems} adds the secured variants of issue 15: {@code xsite-tls} (TLS on member, tunnel and
 * router connections, payloads sealed between sites), {@code xsite-tls-bridge} (TLS on tunnel and router
 * connections only, payloads sealed between sites: the TLS posture of jgroups-tls) and {@code jgroups-tls}
 * (TLS on TUNNEL and JGroups' gossip routers); the report then compares each secured xsite with jgroups-tls
 * and with xsite.
 */
@Command(name = "relay-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compares relaying between two sites: xsite relay nodes vs JGroups 5.5 RELAY3, bridges through"
                + " two gossip routers each.")
public final class RelayBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RelayBenchmark.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up seconds of the chat and throughput"
            + " scenarios (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--duration", defaultValue = "5",
            description = "Measured seconds of the chat and throughput scenarios (default: ${DEFAULT-VALUE}).")
    private double durationSeconds;

    @Option(names = "--rounds", defaultValue = "2", description = "Rounds of the chat and of each throughput size,"
            + " the systems' order rotated each round, at least 1 (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--chat-size", defaultValue = "64", description = "Bytes of a chat line (default: ${DEFAULT-VALUE}).")
    private int chatSize;

    @Option(names = "--sizes", split = ",", defaultValue = "64,1024,16384",
            description = "Payload bytes of the throughput streams, at least 13 (default: ${DEFAULT-VALUE}).")
    private List<Integer> sizes;

    @Option(names = "--window", defaultValue = "1000",
            description = "Most throughput messages sent and not yet delivered (default: ${DEFAULT-VALUE}).")
    private int window;

    @Option(names = "--failover-rate", defaultValue = "500",
            description = "Messages per second of the failover stream (default: ${DEFAULT-VALUE}).")
    private int failoverRate;

    @Option(names = "--failover-size", defaultValue = "1024",
            description = "Payload bytes of the failover stream (default: ${DEFAULT-VALUE}).")
    private int failoverSize;

    @Option(names = "--failover-before", defaultValue = "3",
            description = "Seconds of streaming before the crash (default: ${DEFAULT-VALUE}).")
    private double failoverBeforeSeconds;

    @Option(names = "--failover-after", defaultValue = "2",
            description = "Seconds of streaming after traffic flows again (default: ${DEFAULT-VALUE}).")
    private double failoverAfterSeconds;

    @Option(names = "--drain", defaultValue = "30",
            description = "Seconds to wait for the last messages of a stream; what is missing then is lost"
                    + " (default: ${DEFAULT-VALUE}).")
    private double drainSeconds;

    @Option(names = "--scenarios", split = ",", defaultValue = "chat,throughput,failover",
            description = "Scenarios to run: chat, throughput, failover (default: ${DEFAULT-VALUE}).")
    private List<String> scenarios;

    @Option(names = "--systems", split = ",", defaultValue = "xsite,jgroups",
            description = "Systems to run: xsite, jgroups, xsite-tls (TLS everywhere, payloads sealed between sites),"
                    + " xsite-tls-bridge (TLS between sites only, payloads sealed between sites), jgroups-tls (TLS on"
                    + " TUNNEL and the gossip routers) (default: ${DEFAULT-VALUE}).")
    private List<String> systems;

    /**
     * Runs the benchmark from the command line.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RelayBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().printf("Relay benchmark: %s%n%n%s", settings(), runAll().toMarkdown());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** What this run compares and how, one line for the report. */
    String settings() {
        return String.format(Locale.ROOT, "nyc 5 + sfc 3 members, 1 site master each, 2 routers; warm-up %s s +"
                        + " measured %s s, %d rounds; chat line %d B; sizes %s, window %d; failover %d msgs/s of %d B;"
                        + " Java %s, %d CPUs, max heap %d MiB", warmupSeconds, durationSeconds, rounds, chatSize, sizes,
                window, failoverRate, failoverSize, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    }

    /**
     * Starts both systems, runs the rounds of the chat and throughput scenarios and then the failover on
     * each, stops them and returns the figures.
     */
    RelayReport runAll() throws Exception {
        validate();
        Duration warmup = seconds(warmupSeconds);
        Duration measured = seconds(durationSeconds);
        Duration drain = seconds(drainSeconds);
        List<RelaySystem> running = new ArrayList<>();
        try {
            for (String system : systems) {
                running.add(start(system));
            }
            List<List<ChatResult>> chat = perRound();
            List<List<ThroughputResult>> throughput = perRound();
            List<FailoverResult> failover = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            if (scenarios.contains("chat")) {
                ChatRun run = new ChatRun(warmup, measured, chatSize);
                for (int round = 0; round < rounds; round++) {
                    String name = "chat " + roundName(round);
                    List<ChatResult> results = chat.get(round);
                    for (RelaySystem system : Rounds.order(running, round)) {
                        attempt(failures, system, name, () -> {
                            ChatResult r = run.run(system);
                            LOG.info("{} {}: {} round trips, p50 {} us, p99 {} us", r.system(), name, r.roundTrips(),
                                    Math.round(r.p50Micros()), Math.round(r.p99Micros()));
                            results.add(r);
                        });
                    }
                }
            }
            if (scenarios.contains("throughput")) {
                ThroughputRun run = new ThroughputRun(warmup, measured, drain, window);
                for (int size : sizes) {
                    for (int round = 0; round < rounds; round++) {
                        String name = "throughput " + size + " B " + roundName(round);
                        List<ThroughputResult> results = throughput.get(round);
                        for (RelaySystem system : Rounds.order(running, round)) {
                            attempt(failures, system, name, () -> {
                                ThroughputResult r = run.run(system, size);
                                LOG.info("{} {}: {} msgs/s, lost {}", r.system(), name, Math.round(r.perSecond()),
                                        r.lost());
                                results.add(r);
                            });
                        }
                    }
                }
            }
            if (scenarios.contains("failover")) {
                FailoverRun run = new FailoverRun(failoverRate, failoverSize, seconds(failoverBeforeSeconds),
                        seconds(failoverAfterSeconds), drain);
                for (RelaySystem system : running) {
                    attempt(failures, system, "failover", () -> {
                        FailoverResult r = run.run(system);
                        LOG.info("{} failover: traffic again after {}, lost {}, duplicates {}", r.system(),
                                r.recovery().map(Duration::toString).orElse("never"), r.lost(), r.duplicates());
                        failover.add(r);
                    });
                }
            }
            return new RelayReport(chat, throughput, failover, failures);
        } finally {
            running.forEach(RelaySystem::close);
        }
    }

    /**
     * Runs one scenario on one system; a failure (a send refused, a round without all replies) is
     * recorded for the report and the benchmark goes on, so that one system's failure does not cost the
     * other figures.
     */
    private static void attempt(List<String> failures, RelaySystem system, String scenario, Scenario body)
            throws InterruptedException {
        try {
            body.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("{} {} failed", system.system(), scenario, e);
            Throwable cause = e;
            StringBuilder why = new StringBuilder();
            for (; cause != null; cause = cause.getCause()) {
                why.append(why.length() == 0 ? "" : ", caused by ").append(cause.getMessage());
            }
            failures.add(system.system() + " " + scenario + ": " + why);
        }
    }

    /** One scenario on one system. */
    @FunctionalInterface
    private interface Scenario {
        void run() throws Exception;
    }

    /** One empty list per round, for that round's results. */
    private <T> List<List<T>> perRound() {
        return Stream.<List<T>>generate(ArrayList::new).limit(rounds).toList();
    }

    private String roundName(int round) {
        return "round " + (round + 1) + " of " + rounds;
    }

    private void validate() {
        if (rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1: " + rounds);
        }
        List<String> known = List.of("chat", "throughput", "failover");
        scenarios.stream().filter(s -> !known.contains(s)).findFirst().ifPresent(s -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown scenario '" + s + "', expected one of "
                    + known);
        });
        if (chatSize < BenchPayload.HEADER_BYTES || failoverSize < BenchPayload.HEADER_BYTES
                || sizes.stream().anyMatch(s -> s < BenchPayload.HEADER_BYTES)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "payload sizes must be at least "
                    + BenchPayload.HEADER_BYTES + " bytes");
        }
    }

    private RelaySystem start(String system) throws Exception {
        long begin = System.nanoTime();
        RelaySystem started = switch (system) {
            case RelayReport.XSITE -> XsiteSites.start(START_TIMEOUT);
            case RelayReport.JGROUPS -> JGroupsSites.start(START_TIMEOUT);
            case RelayReport.XSITE_TLS -> XsiteSites.startWithTls(START_TIMEOUT);
            case RelayReport.XSITE_TLS_BRIDGE -> XsiteSites.startWithTlsOnBridge(START_TIMEOUT);
            case RelayReport.JGROUPS_TLS -> JGroupsSites.startWithTls(START_TIMEOUT);
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown system '" + system
                    + "', expected xsite, jgroups, xsite-tls, xsite-tls-bridge or jgroups-tls");
        };
        LOG.info("{}: both sites and the bridge complete after {} ms", system, (System.nanoTime() - begin) / 1_000_000);
        return started;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
