package io.xsite.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One router running in a child JVM of its own, so that its CPU time and memory are its alone. The
 * child runs on this JVM's class path with the given JVM flags; the same flags for every router.
 * Closing it closes the child's stdin (the xsite child exits on EOF) and then destroys it.
 */
final class RouterProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 40;
    private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);

    private final RouterKind kind;
    private final Process process;
    private final InetSocketAddress address;
    private final Deque<String> tail = new ArrayDeque<>();

    private RouterProcess(RouterKind kind, List<String> jvmFlags, List<String> args) throws IOException {
        this.kind = kind;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(kind.command());
        command.addAll(args);
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> drain(port), "router-output-" + kind.id());
        reader.setDaemon(true);
        reader.start();
        this.address = new InetSocketAddress("127.0.0.1", awaitPort(port));
    }

    /** Starts a {@code kind} router in a child JVM with {@code jvmFlags} and waits until it listens. */
    static RouterProcess start(RouterKind kind, List<String> jvmFlags) {
        return start(kind, jvmFlags, List.of());
    }

    /** As {@link #start(RouterKind, List)}, with {@code args} after the kind's own arguments. */
    static RouterProcess start(RouterKind kind, List<String> jvmFlags, List<String> args) {
        try {
            return new RouterProcess(kind, jvmFlags, args);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + kind + " router", e);
        }
    }

    /** Which router runs in the child. */
    RouterKind kind() {
        return kind;
    }

    /** Where the router listens. */
    InetSocketAddress address() {
        return address;
    }

    /** The child's process id, for jcmd and /proc. */
    long pid() {
        return process.pid();
    }

    /** User plus system CPU time the child has used so far, over all its threads. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no CPU time for " + kind + " router pid " + pid()));
    }

    /** The child's resident set size, from /proc/&lt;pid&gt;/status. */
    long residentBytes() {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid()), "status"));
            Matcher m = VM_RSS.matcher(status);
            if (!m.find()) {
                throw new IllegalStateException("no VmRSS in /proc/" + pid() + "/status");
            }
            return Long.parseLong(m.group(1)) * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the RSS of " + kind + " router pid " + pid(), e);
        }
    }

    /** Forces a full GC in the child and returns the heap in use after it ({@link Jcmd#heapUsedAfterGc}). */
    long heapUsedAfterGc() {
        return Jcmd.heapUsedAfterGc(pid());
    }

    /** Reads the child's output until it ends: completes {@code port} from the ready line, keeps a tail. */
    private void drain(CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Matcher m = kind.readyLine().matcher(line.trim());
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
                remember(line);
            }
        } catch (IOException e) {
            // The stream closes when the child dies; what it said is in the tail.
            remember("(output ended: " + e.getMessage() + ")");
        }
        port.completeExceptionally(new IllegalStateException(
                kind + " router exited before it listened; its last output:\n" + tail()));
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    /** The last lines the child printed, for error messages. */
    synchronized String tail() {
        return String.join("\n", tail);
    }

    private int awaitPort(CompletableFuture<Integer> port) {
        try {
            return port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the " + kind + " router did not start within " + START_TIMEOUT
                    + "; its last output:\n" + tail(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the " + kind + " router", e);
        }
    }

    @Override
    public void close() {
        try {
            // The xsite child exits on stdin EOF; JGroups' main ignores stdin and needs a SIGTERM.
            process.getOutputStream().close();
            if (!process.waitFor(kind.isJGroups() ? 0 : STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
