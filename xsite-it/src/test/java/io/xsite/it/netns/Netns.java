package io.xsite.it.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.core.testing.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The network-namespace topology of {@code it/netns} (two sites behind NAT gateways, two routers on a
 * public segment; layout in {@code topology.sh}), driven through the same scripts a developer runs by hand:
 * {@code up.sh --network-only} and {@code down.sh} bring it up and down, {@code xsite.sh} starts the
 * processes (each with its host's certificate, from the throwaway PKI {@code up.sh} issues), {@code fault.sh}
 * cuts and heals. One {@link Topology} is up for the whole test run ({@link SharedTopology}); each test class
 * drives it through a {@code Netns} of its own, whose closing kills every process the class started. Closing the
 * topology removes every namespace, iptables rule, dnsmasq and file it made.
 */
final class Netns implements AutoCloseable {
    /** Bounds each short command (a script, a curl, a connect probe). */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** The exit code of {@code timeout} when it had to stop its command. */
    private static final int TIMED_OUT = 124;
    /** Bounds {@code up.sh}, which also starts a JVM for each certificate it issues, on a machine maybe busy. */
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(3);

    private final Path scripts;
    private final Path logs;
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final List<XsiteProcess> started = new ArrayList<>();
    private final AtomicInteger starts = new AtomicInteger();

    private Netns(Path root, Path logs) {
        this.scripts = root.resolve("it/netns");
        this.logs = logs;
    }

    /**
     * Why the topology cannot be built here, if it cannot: not Linux, not root, or network namespaces refused
     * (a container without the privilege). A command it needs that is missing skips the calling test, or fails it
     * on CI ({@link RequiredTool}).
     */
    static Optional<String> unavailable() {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return Optional.of("network namespaces need Linux, this is " + System.getProperty("os.name"));
        }
        if (!"0".equals(run(List.of("id", "-u")).stdout().strip())) {
            return Optional.of("network namespaces need root (run as root, as CI does)");
        }
        // A missing command is no reason to skip quietly: it skips the test, or fails it on CI.
        for (String command : List.of("ip", "iptables", "dnsmasq", "curl")) {
            RequiredTool.require(command, "the network-namespace tests");
        }
        // Named like the topology's namespaces, so down.sh removes it if this JVM dies in between.
        String probe = "xsn-probe";
        Result added = run(List.of("ip", "netns", "add", probe));
        run(List.of("ip", "netns", "del", probe));
        return added.exitCode() == 0 ? Optional.empty()
                : Optional.of("ip netns add fails here: " + added.stdout().strip());
    }

    /**
     * The namespaces, dnsmasq and throwaway PKI of {@code up.sh --network-only}, without a process; closing it runs
     * {@code down.sh}.
     */
    static final class Topology implements AutoCloseable {
        private final Path root;

        private Topology(Path root) {
            this.root = root;
        }

        /**
         * Removes any leftover of an earlier run and brings the topology up, for {@code test} the first class to
         * need it; skips the class, saying why on stdout too, where it cannot be built ({@link #unavailable}) or
         * outside failsafe's verify phase, which says where the repository is.
         */
        static Topology upFor(Class<?> test) {
            String name = test.getSimpleName();
            Optional<String> unavailable = System.getProperty("xsite.root") == null
                    ? Optional.of("xsite.root is not set: run it in the verify phase (-Dit.test=" + name + ")")
                    : unavailable();
            unavailable.ifPresent(reason -> System.out.println(name + " skipped: " + reason));
            Assumptions.assumeTrue(unavailable.isEmpty(), () -> name + " skipped: " + unavailable.orElseThrow());
            Topology topology = new Topology(Path.of(System.getProperty("xsite.root")));
            Result up = run(List.of(topology.scripts().resolve("up.sh").toString(), "--network-only"), UP_TIMEOUT);
            assertThat(up.exitCode()).as("up.sh --network-only: %s", up.stdout()).isZero();
            return topology;
        }

        /** The topology as the test class {@code test} drives it, its processes logging under a directory of its own. */
        Netns forClass(Class<?> test) {
            return new Netns(root, Path.of(System.getProperty("xsite.netns.logs"), test.getSimpleName()));
        }

        /** Kills whatever still runs in a namespace and removes the whole topology (down.sh). */
        @Override
        public void close() {
            Result down = run(List.of(scripts().resolve("down.sh").toString()));
            assertThat(down.exitCode()).as("down.sh: %s", down.stdout()).isZero();
        }

        private Path scripts() {
            return root.resolve("it/netns");
        }
    }

    /** Starts {@code bin/xsite COMMAND ARGS} as {@code host} (xsite.sh), logging under the test's log directory. */
    XsiteProcess start(String host, String command, String... args) {
        return start(host, Map.of(), command, args);
    }

    /**
     * Starts {@code bin/xsite COMMAND ARGS} as {@code host} (xsite.sh) with {@code environment} on top of what
     * xsite.sh sets (its defaults give way to variables already set), logging under the test's log directory.
     */
    XsiteProcess start(String host, Map<String, String> environment, String command, String... args) {
        List<String> line = new ArrayList<>(List.of(scripts.resolve("xsite.sh").toString(), host, command));
        line.addAll(List.of(args));
        return started(host + "-" + command, environment, line);
    }

    /**
     * Starts {@code mainClass ARGS} in {@code host}'s namespace, in a JVM of this one's kind with this one's class
     * path (a test's own client, which {@code bin/xsite} does not have), logging warnings to stderr
     * ({@code netns-client-logback.xml}); its output goes under the test's log directory.
     */
    XsiteProcess startJava(String host, Class<?> mainClass, String... args) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", "xsn-" + host,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=netns-client-logback.xml",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        line.addAll(List.of(args));
        return started(host + "-" + mainClass.getSimpleName(), Map.of(), line);
    }

    private synchronized XsiteProcess started(String label, Map<String, String> environment, List<String> line) {
        XsiteProcess process = XsiteProcess.start(label + "-" + starts.incrementAndGet(), logs, environment, line);
        started.add(process);
        return process;
    }

    /** The address of {@code host} (a member or router), as topology.sh defines it. */
    String ip(String host) {
        return addresses.computeIfAbsent(host, h -> topology("xsn_ip " + h).strip());
    }

    /** The members of {@code site}, as topology.sh defines them. */
    List<String> members(String site) {
        return topology("xsn_members " + site).lines().toList();
    }

    /** The directory of {@code host}'s TLS material ({@code tls.crt}, {@code tls.key}, {@code ca.crt}), as up.sh issued it. */
    Path tlsDir(String host) {
        return Path.of(topology("xsn_tls_dir " + host).strip());
    }

    /** The name of the certificate up.sh issues for clients that are neither member nor router, as topology.sh defines it. */
    String toolHost() {
        return topology("echo \"$XSN_TOOL\"").strip();
    }

    /** The routers, as topology.sh defines them. */
    List<String> routers() {
        return topology("echo \"${XSN_ROUTERS[@]}\"").strip().lines().flatMap(l -> List.of(l.split(" ")).stream())
                .toList();
    }

    /** Whether a TCP connection from {@code host}'s namespace to {@code ip:port} opens within 2 seconds. */
    boolean canConnect(String host, String ip, int port) {
        return inNamespace(host, "timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/" + ip + "/" + port).exitCode() == 0;
    }

    /**
     * Opens a TCP connection from {@code host}'s namespace to {@code ip:port}, writes {@code bytes} in clear and
     * returns every byte that comes back until the other side closes or resets it; fails if it is still open
     * after 10 seconds. A reset counts as closed: a server that closes while some of the stranger's bytes are
     * still unread in its socket makes Linux send a reset instead of a FIN, depending on how much it read first.
     */
    byte[] sendInClear(String host, String ip, int port, byte[] bytes) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : bytes) {
            escaped.append(String.format("\\x%02x", b & 0xff));
        }
        // bash's printf turns the \xHH escapes back into the bytes; od prints the answer in hex at the close.
        Result result = inNamespace(host, "bash", "-c", "exec 3<>/dev/tcp/" + ip + "/" + port
                + " && printf \"$0\" >&3 && timeout 10 od -An -v -tx1 <&3 2>/dev/null", escaped.toString());
        assertThat(result.exitCode()).as("%s -> %s:%d closed within 10 s (timeout's exit code 124 if not): %s",
                host, ip, port, result.stdout()).isNotEqualTo(TIMED_OUT);
        return HexFormat.of().parseHex(result.stdout().replaceAll("\\s", ""));
    }

    /** GET {@code path} of {@code host}'s admin endpoint on {@code port}, from inside its namespace; empty if it does not answer. */
    Optional<String> get(String host, int port, String path) {
        Result result = inNamespace(host, "curl", "-sf", "--max-time", "2", "http://" + ip(host) + ":" + port + path);
        return result.exitCode() == 0 ? Optional.of(result.stdout()) : Optional.empty();
    }

    /** Cuts {@code site}'s gateway off the public segment (fault.sh cut). */
    void cut(String site) {
        fault("cut", site);
    }

    /** Undoes {@link #cut} (fault.sh heal). */
    void heal(String site) {
        fault("heal", site);
    }

    /** Drops {@code percent} % of the packets in and out of every router host at random; 0 removes it. */
    void loss(int percent) {
        fault("loss", String.valueOf(percent));
    }

    /** How many packets the loss rules of {@link #loss} have dropped since they were added. */
    long droppedByLoss() {
        Result result = run(List.of(scripts.resolve("fault.sh").toString(), "dropped"));
        assertThat(result.exitCode()).as("fault.sh dropped: %s", result.stdout()).isZero();
        return Long.parseLong(result.stdout().strip());
    }

    /**
     * Kills every process this class started and waits until they are gone, so that the next class finds every
     * port free; the namespaces stay up for it.
     */
    @Override
    public synchronized void close() throws InterruptedException {
        XsiteProcess.killAtOnce(started);
    }

    private void fault(String... args) {
        List<String> line = new ArrayList<>(List.of(scripts.resolve("fault.sh").toString()));
        line.addAll(List.of(args));
        Result result = run(line);
        assertThat(result.exitCode()).as("fault.sh %s: %s", String.join(" ", args), result.stdout()).isZero();
    }

    private Result inNamespace(String host, String... command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", "xsn-" + host));
        line.addAll(List.of(command));
        return run(line);
    }

    private String topology(String expression) {
        Result result = run(List.of("bash", "-c", "source \"$0\"; " + expression,
                scripts.resolve("topology.sh").toString()));
        assertThat(result.exitCode()).as("topology.sh: %s", expression).isZero();
        return result.stdout();
    }

    /** Runs a short command, stderr merged into stdout, bounded by {@link #COMMAND_TIMEOUT}. */
    private static Result run(List<String> command) {
        return run(command, COMMAND_TIMEOUT);
    }

    /** Runs a command, stderr merged into stdout, bounded by {@code timeout}. */
    private static Result run(List<String> command, Duration timeout) {
        try {
            Path output = Files.createTempFile("xsite-netns", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not end within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** What a short command did. */
    record Result(int exitCode, String stdout) {
    }
}
