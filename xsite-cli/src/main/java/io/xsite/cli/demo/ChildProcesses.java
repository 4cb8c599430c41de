package io.xsite.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo's child processes by name, each writing stdout and stderr to {@code <name>.log} in one
 * directory. {@link #close()} stops them all: SIGTERM first (a node leaves gracefully), SIGKILL for
 * those still running after a grace period. {@link #closeOnShutdown()} does that when this JVM is asked
 * to stop (SIGTERM, Ctrl-C); a SIGKILLed JVM runs no hook, which the children's main class covers from the
 * other side. Thread-safe.
 */
public final class ChildProcesses implements AutoCloseable {
    /** How long stopping children may take before they are killed, and how long a kill may take. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final Path logDirectory;
    private final Class<?> childMain;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    /**
     * Children whose logs go to {@code logDirectory} (created if missing).
     *
     * @param childMain the main class every child runs, given this JVM's pid and then the {@code xsite}
     *                  arguments: it runs {@code xsite} and ends the child when this JVM is gone (the CLI's
     *                  {@code DemoChild}; passed in because the CLI's commands use this package, not the reverse)
     */
    public ChildProcesses(Path logDirectory, Class<?> childMain) throws IOException {
        this.logDirectory = Files.createDirectories(Objects.requireNonNull(logDirectory, "logDirectory"));
        this.childMain = Objects.requireNonNull(childMain, "childMain");
    }

    /**
     * Starts child {@code name}, a JVM running {@code xsite xsiteArgs} ({@link ChildJvm#command}), with this JVM's
     * environment minus what {@link ChildJvm#clean} removes.
     *
     * @throws IllegalArgumentException if a child of that name was already started
     */
    public synchronized Process start(String name, List<String> xsiteArgs) throws IOException {
        if (processes.containsKey(name)) {
            throw new IllegalArgumentException("a child named " + name + " was already started");
        }
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(childMain, xsiteArgs)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        ChildJvm.clean(builder.environment());
        Process process = builder.start();
        processes.put(name, process);
        return process;
    }

    /** Where child {@code name} writes its output. */
    public Path log(String name) {
        return logDirectory.resolve(name + ".log");
    }

    /** The process of child {@code name}. */
    public synchronized Process process(String name) {
        Process process = processes.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no child named " + name + " (children: " + processes.keySet() + ")");
        }
        return process;
    }

    /**
     * A child that has ended although nobody stopped it: its name, exit code and last log line. Empty while
     * every child runs (or was stopped through this class).
     */
    public synchronized Optional<String> unexpectedExit() {
        for (Map.Entry<String, Process> child : processes.entrySet()) {
            Process process = child.getValue();
            if (!process.isAlive()) {
                return Optional.of(child.getKey() + " (pid " + process.pid() + ") exited with code "
                        + process.exitValue() + lastLine(child.getKey()).map(line -> ": " + line).orElse(""));
            }
        }
        return Optional.empty();
    }

    /**
     * Sends SIGKILL to child {@code name}, as a crash would end it, and waits (at most {@link #GRACE}) until
     * it is gone. It no longer counts as running.
     */
    public void kill(String name) throws InterruptedException {
        Process process;
        synchronized (this) {
            process = process(name);
            processes.remove(name);
        }
        process.destroyForcibly();
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") still runs " + GRACE + " after SIGKILL");
        }
    }

    /** Stops every child still running: SIGTERM, then SIGKILL after {@link #GRACE}. Idempotent. */
    @Override
    public void close() {
        List<Process> running;
        synchronized (this) {
            running = new ArrayList<>(processes.values());
            processes.clear();
        }
        running.forEach(process -> process.toHandle().destroy());
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Process process : running) {
            if (!waitUntil(process, deadline)) {
                process.destroyForcibly();
            }
        }
        long killDeadline = System.nanoTime() + GRACE.toNanos();
        running.forEach(process -> waitUntil(process, killDeadline));
    }

    /** Registers a shutdown hook that {@link #close()}s these children; returns the hook's thread. */
    public Thread closeOnShutdown() {
        Thread hook = new Thread(this::close, "xsite-demo-children");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private Optional<String> lastLine(String name) {
        try {
            List<String> lines = Files.readAllLines(log(name), StandardCharsets.UTF_8);
            return lines.stream().filter(line -> !line.isBlank()).reduce((first, second) -> second);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean waitUntil(Process process, long deadlineNanos) {
        try {
            return process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
