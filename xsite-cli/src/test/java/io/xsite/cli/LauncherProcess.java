package io.xsite.cli;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/xsite} run as a real process (its path comes from the {@code xsite.launcher} system
 * property that the failsafe configuration sets), with stdout and stderr collected line by line as
 * they arrive.
 */
final class LauncherProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final CountDownLatch streamsEnded = new CountDownLatch(2);

    private LauncherProcess(Process process) {
        this.process = process;
        collect(process.getInputStream(), out, "stdout");
        collect(process.getErrorStream(), err, "stderr");
    }

    /**
     * Starts {@code bin/xsite args} in {@code workingDirectory}, with none of this JVM's {@code XSITE_*}
     * variables, so the defaults are the ones under test.
     */
    static LauncherProcess start(Path workingDirectory, String... args) throws IOException {
        return start(workingDirectory, Map.of(), args);
    }

    /**
     * As {@link #start(Path, String...)}, with {@code environment} added last (so it may replace
     * {@code XSITE_JAVA_OPTS} too).
     */
    static LauncherProcess start(Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException {
        Path launcher = Path.of(System.getProperty("xsite.launcher")).toAbsolutePath().normalize();
        assertThat(launcher).as("the launcher script").isExecutable();
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(launcher.toString());
        builder.command().addAll(List.of(args));
        builder.directory(workingDirectory.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("XSITE_"));
        // Keeps the child small on a shared machine; two options also check that the launcher splits them.
        env.put("XSITE_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC");
        env.putAll(environment);
        return new LauncherProcess(builder.start());
    }

    /** Waits (up to 30 s) for the process and its output to end; returns the exit code. */
    int awaitExit() throws InterruptedException {
        return awaitExit(Duration.ofSeconds(30));
    }

    /** Waits (up to {@code limit}) for the process, then (up to 10 s) for its output to end; returns the exit code. */
    int awaitExit(Duration limit) throws InterruptedException {
        assertThat(process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS))
                .as("the process ended within %ss", limit.toSeconds()).isTrue();
        assertThat(streamsEnded.await(10, TimeUnit.SECONDS)).as("stdout and stderr were read to the end").isTrue();
        return process.exitValue();
    }

    /**
     * Sends SIGTERM and returns the exit code. Through the process handle, because
     * {@link Process#destroy()} also closes our ends of the pipes, which would lose the last lines.
     */
    int terminate() throws InterruptedException {
        signalTerminate();
        return awaitExit();
    }

    /** Sends SIGTERM and returns at once. */
    void signalTerminate() {
        assertThat(process.toHandle().destroy()).as("SIGTERM was sent").isTrue();
    }

    /**
     * Sends SIGKILL, as a crash would end the process, and waits (bounded) until it is gone. The launcher
     * execs java, so this is the JVM itself and no orphan keeps its sockets open.
     */
    void kill() throws InterruptedException {
        assertThat(process.toHandle().destroyForcibly()).as("SIGKILL was sent").isTrue();
        awaitExit();
    }

    /** The command the process runs now: {@code java} once the launcher has exec'ed the JVM. */
    Optional<String> command() {
        return process.toHandle().info().command();
    }

    /** The first match of {@code pattern} in a stderr line, waiting (bounded) until one is written. */
    Matcher awaitErrLine(Pattern pattern) {
        return await("stderr shows a line matching " + pattern).atMost(ofSeconds(30))
                .until(() -> err.stream().map(pattern::matcher).filter(Matcher::find).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /** Stdout lines read so far (all of them after {@link #awaitExit}). */
    List<String> out() {
        return List.copyOf(out);
    }

    /** Stderr lines read so far (all of them after {@link #awaitExit}). */
    List<String> err() {
        return List.copyOf(err);
    }

    /** Kills the process if a test failed before it ended. */
    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void collect(InputStream stream, List<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                streamsEnded.countDown();
            }
        }, "xsite-process-" + name);
        reader.setDaemon(true);
        reader.start();
    }
}
