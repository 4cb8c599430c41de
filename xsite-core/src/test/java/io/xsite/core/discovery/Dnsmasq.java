package io.xsite.core.discovery;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.testing.RequiredTool;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq serving fixed records on an ephemeral loopback port, the DNS server the DNS discovery tests
 * ask. It answers only for its own records: names under {@code test} that it does not know get NXDOMAIN,
 * and it never forwards a query. Every instance also serves {@code ready.test}, which tells when it is up.
 */
final class Dnsmasq implements AutoCloseable {
    /** Always served; answering it means the server is up. */
    private static final String READY = "ready.test";
    private static final int START_ATTEMPTS = 3;

    private final Path executable;
    private final int port;
    private final Path log;
    private Process process;

    private Dnsmasq(Path executable, int port, Path log) {
        this.executable = executable;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts dnsmasq with {@code options} (e.g. {@code --host-record=nyc.test,127.0.0.11}) on a free port and
     * waits until it answers. A port taken between choosing and binding makes dnsmasq exit; then another is tried.
     * Where dnsmasq is not installed the calling test is skipped, or fails on CI ({@link RequiredTool}).
     */
    static Dnsmasq start(List<String> options) throws IOException {
        Path executable = RequiredTool.require("dnsmasq", "the DNS discovery tests");
        for (int attempt = 1; ; attempt++) {
            Dnsmasq server = new Dnsmasq(executable, freeUdpPort(), Files.createTempFile("dnsmasq-", ".log"));
            server.launch(options);
            if (server.awaitReadyOrExit()) {
                return server;
            }
            String output = server.output();
            server.close();
            if (attempt == START_ATTEMPTS) {
                throw new IllegalStateException("dnsmasq did not start after " + attempt + " attempts: " + output);
            }
        }
    }

    /** Where the server listens (UDP and TCP). */
    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Stops the server and starts it again on the same port with {@code options}; waits until it answers. */
    void restart(List<String> options) throws IOException {
        stop();
        launch(options);
        if (!awaitReadyOrExit()) {
            throw new IllegalStateException("dnsmasq did not restart on port " + port + ": " + output());
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        Files.deleteIfExists(log);
    }

    private void launch(List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--no-daemon", "--log-facility=-", "--port=" + port, "--listen-address=127.0.0.1",
                "--bind-interfaces", "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--local=/test/",
                "--host-record=" + READY + ",127.0.0.1"));
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** True once the server answers; false when the process exited first. */
    private boolean awaitReadyOrExit() {
        DnsDiscoveryConfig probe = DnsDiscoveryConfig.a(READY, 1).withServer(address()).withQueryTimeout(ofMillis(200));
        try (DnsDiscovery discovery = new DnsDiscovery(probe)) {
            await("dnsmasq on port " + port + " answers or exits").atMost(ofSeconds(10)).pollInterval(ofMillis(50))
                    .until(() -> !process.isAlive()
                            || !discovery.find().toCompletableFuture().get(5, TimeUnit.SECONDS).isEmpty());
        }
        return process.isAlive();
    }

    private void stop() {
        if (process != null) {
            process.destroy();
            try {
                assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("dnsmasq on port %d stops", port).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
