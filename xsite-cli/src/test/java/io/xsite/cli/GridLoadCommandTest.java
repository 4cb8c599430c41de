package io.xsite.cli;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.grid.InMemoryGrid;
import io.xsite.grid.resp.RespConfig;
import io.xsite.grid.resp.RespServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code xsite grid load} against two RESP servers, in process: it reports each second and carries on after home goes. */
class GridLoadCommandTest {
    private final ExecutorService completions = Executors.newFixedThreadPool(2);
    private final RespServer nyc = serve();
    private final RespServer sfc = serve();

    private boolean nycClosed;

    @AfterEach
    void stop() {
        if (!nycClosed) {
            nyc.close();
        }
        sfc.close();
        completions.shutdownNow();
    }

    @Test
    void reportsEverySecondAndSwitchesWhenHomeIsLost() {
        StringWriter out = new StringWriter();
        CommandLine xsite = xsite(out, new StringWriter());
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> xsite.execute("grid", "load",
                "--site", "nyc=" + endpoint(nyc), "--site", "sfc=" + endpoint(sfc), "--duration", "10",
                "--keys", "200", "--workers", "4"));

        await("a first report at nyc").atMost(ofSeconds(10)).until(() -> out.toString().contains("    1  nyc"));
        nyc.close();
        nycClosed = true;

        assertThat(run.join()).as(out.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("switch nyc -> sfc (failover)");
        List<String> reports = printed.lines().filter(line -> line.matches("\\s+\\d+  \\w+ .*")).toList();
        // Ten seconds: on a loaded machine noticing the loss can take the 3 s response timeout.
        assertThat(reports).hasSize(10);
        assertThat(reports.get(9)).contains("sfc");
        // The sites share no backups here: a read right after the switch may miss a write nyc acknowledged.
        assertThat(printed).containsPattern("done: [1-9]\\d* operations, \\d+ errors, \\d+ stale reads, 1 switches; "
                + "[1-9]\\d* keys read back");
    }

    @Test
    void withoutAFailureEveryReadReturnsTheWriteBeforeIt() {
        StringWriter out = new StringWriter();
        CommandLine xsite = xsite(out, new StringWriter());

        int code = xsite.execute("grid", "load", "--site", "nyc=" + endpoint(nyc), "--site", "sfc=" + endpoint(sfc),
                "--duration", "1", "--keys", "50", "--workers", "2");

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).containsPattern("done: [1-9]\\d* operations, 0 errors, 0 stale reads, 0 switches; "
                + "[1-9]\\d* keys read back, 0 not as last written");
    }

    @Test
    void aSiteWithoutPortsIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine xsite = xsite(new StringWriter(), err);
        int code = xsite.execute("grid", "load", "--site", "nyc", "--duration", "1");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--site expects NAME=..., got 'nyc'");
    }

    /** {@code xsite} printing into {@code out} and {@code err}, to be read while it runs. */
    private static CommandLine xsite(StringWriter out, StringWriter err) {
        CommandLine xsite = XsiteCommand.commandLine(Map.of());
        xsite.setOut(new PrintWriter(out, true));
        xsite.setErr(new PrintWriter(err, true));
        return xsite;
    }

    private RespServer serve() {
        InMemoryGrid grid = new InMemoryGrid(List.of("default"), completions, System::currentTimeMillis);
        return RespServer.start(grid, List.of("default"), RespConfig.listeningOn(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), new SimpleMeterRegistry());
    }

    private static String endpoint(RespServer server) {
        return "127.0.0.1:" + server.address().getPort();
    }
}
