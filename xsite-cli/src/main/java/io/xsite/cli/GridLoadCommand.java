package io.xsite.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.client.FailoverClient;
import io.xsite.client.FailoverEvent;
import io.xsite.client.SiteEndpoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code xsite grid load}: drives the grid through the failover client so that a person can watch a failover:
 * writes, reads back and compares ({@link GridLoad}), printing once a second the operations, errors, stale reads
 * and switches of that second and the site in use, each switch as it happens, and at the end a read of every key
 * whose last write was acknowledged. Exit 1 if a read returned something other than the write just acknowledged
 * while the client never switched (the site itself lost a write); across a switch that is the RPO, reported only.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Writes, reads back and verifies keys through the failover client; prints operations, "
                + "errors and switches per second.")
final class GridLoadCommand implements Callable<Integer> {
    /** The defaults of the options. */
    record Settings(Duration duration, int keys, int workers, String prefix) {
        static final Settings DEFAULTS = new Settings(Duration.ofSeconds(60), 10_000, 32, "load:");
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--site", required = true, paramLabel = "NAME=HOST:PORT[,HOST:PORT...]",
            description = "A site and its RESP ports; repeat for each site, in the order to fail over in.")
    List<String> sites;

    @Option(names = "--admin", paramLabel = "NAME=URL[,URL...]",
            description = "Admin endpoints of a site (http://host:port), to read the backup backlog from before a "
                    + "fail-back. Default: none (home is back once it answers and accepts writes).")
    List<String> admins = new ArrayList<>();

    @Option(names = "--home", paramLabel = "NAME", description = "The home site. Default: the first --site.")
    String home;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "How long to run. Default: 60.")
    long durationSeconds = Settings.DEFAULTS.duration().toSeconds();

    @Option(names = "--keys", paramLabel = "N", description = "Keys written, each by one worker. Default: 10000.")
    int keys = Settings.DEFAULTS.keys();

    @Option(names = "--workers", paramLabel = "N", description = "Write-then-read loops at once. Default: 32.")
    int workers = Settings.DEFAULTS.workers();

    @Option(names = "--prefix", paramLabel = "TEXT", description = "What every key starts with. Default: load:.")
    String prefix = Settings.DEFAULTS.prefix();

    @Option(names = "--resp-password-file", paramLabel = "FILE",
            description = "File holding the RESP password of the sites. Default: none.")
    Path passwordFile;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the admin endpoints' token. Default: none.")
    Path adminTokenFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        FailoverClient.Builder builder = FailoverClient.builder().meterRegistry(new SimpleMeterRegistry());
        Map<String, List<URI>> adminUrls = parseAdmins();
        for (String site : sites) {
            String[] nameAndPorts = split("--site", site);
            List<InetSocketAddress> resp = Arrays.stream(nameAndPorts[1].split(",")).map(String::strip)
                    .map(GridLoadCommand::endpoint).toList();
            builder.site(nameAndPorts[0], resp, adminUrls.getOrDefault(nameAndPorts[0], List.of()));
        }
        if (home != null) {
            builder.home(home);
        }
        if (passwordFile != null) {
            builder.password(read(passwordFile, "--resp-password-file"));
        }
        if (adminTokenFile != null) {
            builder.adminToken(read(adminTokenFile, "--admin-token-file"));
        }
        List<FailoverEvent> switches = new ArrayList<>();
        builder.listener(event -> {
            synchronized (switches) {
                switches.add(event);
            }
        });
        try (FailoverClient client = build(builder)) {
            GridLoad load = new GridLoad(client, prefix, keys, workers);
            out.printf("xsite grid load: %d workers over %d keys for %d s, home %s%n", workers, keys,
                    durationSeconds, client.activeSite());
            out.printf("%5s  %-8s %8s %9s %8s %9s%n", "s", "site", "ops/s", "errors/s", "stale/s", "switches");
            load.start();
            GridLoad.Counts last = report(load, client, switches, out);
            load.stop(Duration.ofSeconds(20));
            GridLoad.Verification verified = load.verify();
            int switched;
            synchronized (switches) {
                switched = switches.size();
            }
            out.printf("done: %d operations, %d errors, %d stale reads, %d switches; %d keys read back, %d not as "
                            + "last written%n", last.operations(), last.errors(), last.stale(), switched,
                    verified.checked(), verified.differ());
            if (switched > 0 && (verified.differ() > 0 || last.stale() > 0)) {
                out.println("(a write acknowledged by a site just before it was lost is missing at the next site "
                        + "until its backup arrives: the RPO)");
            }
            out.flush();
            return last.stale() == 0 || switched > 0 ? 0 : 1;
        }
    }

    /** Prints a line a second for the duration; the totals at the end. */
    private GridLoad.Counts report(GridLoad load, FailoverClient client, List<FailoverEvent> switches,
                                   PrintWriter out) throws InterruptedException {
        long start = System.nanoTime();
        GridLoad.Counts before = load.counts();
        int printed = 0;
        for (long second = 1; second <= durationSeconds; second++) {
            long wait = start + Duration.ofSeconds(second).toNanos() - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int switched = 0;
            synchronized (switches) {
                for (; printed < switches.size(); printed++) {
                    switched++;
                    FailoverEvent event = switches.get(printed);
                    out.printf("switch %s -> %s (%s): %s%n", event.from(), event.to(),
                            event.reason().name().toLowerCase(Locale.ROOT), event.detail());
                }
            }
            GridLoad.Counts now = load.counts();
            GridLoad.Counts delta = now.minus(before);
            out.printf("%5d  %-8s %8d %9d %8d %9d%n", second, client.activeSite(), delta.operations(), delta.errors(),
                    delta.stale(), switched);
            out.flush();
            before = now;
        }
        return load.counts();
    }

    private static FailoverClient build(FailoverClient.Builder builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    private Map<String, List<URI>> parseAdmins() {
        Map<String, List<URI>> urls = new LinkedHashMap<>();
        for (String admin : admins) {
            String[] nameAndUrls = split("--admin", admin);
            urls.put(nameAndUrls[0], Arrays.stream(nameAndUrls[1].split(",")).map(String::strip).map(URI::create)
                    .toList());
        }
        return urls;
    }

    private static String[] split(String option, String value) {
        int equals = value.indexOf('=');
        if (equals <= 0 || equals == value.length() - 1) {
            throw new CommandFailure(option + " expects NAME=..., got '" + value + "'", null);
        }
        return new String[] {value.substring(0, equals).strip(), value.substring(equals + 1)};
    }

    private static InetSocketAddress endpoint(String hostPort) {
        try {
            return SiteEndpoints.endpoint(hostPort);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--site: " + e.getMessage(), e);
        }
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CommandFailure(option + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
