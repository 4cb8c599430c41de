package io.xsite.it.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code it/netns/xsite.sh HOST COMMAND} process (a node, router, chat or stream JVM in a host's
 * namespace), or another JVM started in a host's namespace ({@link Netns#startJava}). Its stdout and stderr go to files under the test's log directory, so a long-running node
 * never blocks on a full pipe and its log is there to read when a scenario fails. The script execs all
 * the way down, so this process is the JVM: {@link #kill()} is a crash.
 */
final class XsiteProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final Path out;
    private final Path err;

    private XsiteProcess(String label, Process process, Path out, Path err) {
        this.label = label;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code command} with {@code environment} added to this JVM's, writing {@code logs/label.out} and
     * {@code .err}.
     */
    static XsiteProcess start(String label, Path logs, Map<String, String> environment, List<String> command) {
        Path out = logs.resolve(label + ".out");
        Path err = logs.resolve(label + ".err");
        try {
            Files.createDirectories(logs);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new XsiteProcess(label, process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** What this process is, e.g. {@code nyc3-node-2}. */
    String label() {
        return label;
    }

    /** Waits up to {@code timeout} for the process to end and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("%s ended within %s; stderr in %s", label, timeout, err).isTrue();
        return process.exitValue();
    }

    /** Sends SIGKILL, as a crash ends a process, and waits (bounded) until it is gone. */
    void kill() throws InterruptedException {
        killAtOnce(List.of(this));
    }

    /**
     * Sends SIGKILL to every one of {@code processes} before waiting for any (a whole site lost at once, none of
     * them outliving another by a wait), then waits (bounded) until all are gone.
     */
    static void killAtOnce(List<XsiteProcess> processes) throws InterruptedException {
        processes.forEach(p -> p.process.destroyForcibly());
        for (XsiteProcess p : processes) {
            p.awaitExit(Duration.ofSeconds(10));
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The file its stdout goes to. */
    Path stdoutFile() {
        return out;
    }

    /** The stdout lines written so far. */
    List<String> stdout() {
        return lines(out);
    }

    /** The stderr lines written so far (a node's or router's log). */
    List<String> stderr() {
        return lines(err);
    }

    /** The last {@code count} stderr lines, for a failure message. */
    String stderrTail(int count) {
        List<String> lines = stderr();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** Kills the process if it still runs (a scenario failed before it ended). */
    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
