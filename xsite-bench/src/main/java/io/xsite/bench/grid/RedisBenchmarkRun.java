package io.xsite.bench.grid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code redis-benchmark} against one target at one pipeline depth, every test in one go, CSV output:
 * {@code redis-benchmark -h H -p P -c clients -d valueBytes -P pipeline -n requests -r keyspace -t tests --csv},
 * and {@code --cluster} against a target taking cluster clients.
 *
 * @param clients    parallel connections ({@code -c})
 * @param valueBytes value size of SET and MSET ({@code -d})
 * @param requests   requests per test ({@code -n})
 * @param keyspace   random keys per test ({@code -r}: keys {@code key:000000000000} to keyspace - 1)
 * @param tests      redis-benchmark's test names, lower case ({@code -t})
 * @param niceness   runs it under {@code nice -n niceness} unless 0
 * @param threads    redis-benchmark's {@code --threads}; 0 leaves its choice (one thread, or one per master with
 *                   {@code --cluster}), so the client side differs between the systems
 */
record RedisBenchmarkRun(int clients, int valueBytes, int requests, int keyspace, List<String> tests, int niceness,
                         int threads) {
    private static final long TIMEOUT_MINUTES = 30;

    RedisBenchmarkRun {
        tests = List.copyOf(tests);
    }

    /** This run with {@code -n requests}. */
    RedisBenchmarkRun withRequests(int requests) {
        return new RedisBenchmarkRun(clients, valueBytes, requests, keyspace, tests, niceness, threads);
    }

    /** The command line against {@code target} at {@code pipeline}. */
    List<String> command(GridTarget target, int pipeline) {
        List<String> command = new ArrayList<>();
        if (niceness != 0) {
            command.addAll(List.of("nice", "-n", String.valueOf(niceness)));
        }
        command.addAll(List.of("redis-benchmark", "-h", target.resp().getHostString(),
                "-p", String.valueOf(target.resp().getPort()), "-c", String.valueOf(clients),
                "-d", String.valueOf(valueBytes), "-P", String.valueOf(pipeline), "-n", String.valueOf(requests),
                "-r", String.valueOf(keyspace), "-t", String.join(",", tests), "--csv"));
        if (target.clusterClients()) {
            command.add("--cluster");
        }
        if (threads > 0) {
            command.addAll(List.of("--threads", String.valueOf(threads)));
        }
        return command;
    }

    /** Runs it and returns the figures of every test. */
    List<CommandFigures> run(GridTarget target, int pipeline) throws InterruptedException {
        return RedisBenchmarkCsv.parse(target.name(), pipeline, output(target, pipeline));
    }

    /**
     * Runs it to warm the target up, its figures unread: a short warm-up may end a test within a millisecond,
     * which redis-benchmark reports as "inf" requests/s.
     */
    void warmUp(GridTarget target, int pipeline) throws InterruptedException {
        output(target, pipeline);
    }

    /** Runs it and returns what it printed on standard output, failing if it did not end well. */
    private String output(GridTarget target, int pipeline) throws InterruptedException {
        List<String> command = command(target, pipeline);
        try {
            Process process = new ProcessBuilder(command).start();
            // stderr apart: warnings there must not end up inside the CSV; read both to the end concurrently.
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String out = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-benchmark did not end within " + TIMEOUT_MINUTES + " min");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ": " + out + errors.join());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command)
                    + " (Debian: apt-get install redis-tools)", e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
