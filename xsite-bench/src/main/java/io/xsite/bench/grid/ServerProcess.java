package io.xsite.bench.grid;

import io.xsite.bench.Jcmd;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the benchmark runs as a child process (redis-server, an xsite node), optionally under
 * {@code nice -n N} (nice execs the server, so the child's pid is the server's). Its output is drained into a
 * tail kept for error messages. Closing sends SIGTERM and, if it does not end in time, SIGKILL.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();

    private ServerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::drain, "output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} as {@code name}, under {@code nice -n niceness} unless {@code niceness} is 0. */
    public static ServerProcess start(String name, int niceness, List<String> command) {
        List<String> full = new ArrayList<>();
        if (niceness != 0) {
            full.addAll(List.of("nice", "-n", String.valueOf(niceness)));
        }
        full.addAll(command);
        try {
            return new ServerProcess(name, new ProcessBuilder(full).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", full), e);
        }
    }

    /** The command that runs {@code mainClass} in a JVM on this JVM's class path, with {@code jvmOptions}. */
    public static List<String> java(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }

    /** The name it was started as, for logs and errors. */
    public String name() {
        return name;
    }

    /** The process id (the server's own, also under nice). */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Forces a full GC in this JVM child and returns the heap in use after it ({@link Jcmd#heapUsedAfterGc}). */
    long heapUsedAfterGc() {
        return Jcmd.heapUsedAfterGc(pid());
    }

    private void drain() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                remember(line);
            }
        } catch (IOException e) {
            remember("(output ended: " + e.getMessage() + ")");
        }
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    /** The last lines the child printed, for error messages. */
    public synchronized String tail() {
        return String.join("\n", tail);
    }

    /** Ends the process at once with SIGKILL, as a crash would: no shutdown hook, no goodbye to peers. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
