package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminServer;
import io.xsite.net.admin.AdminToken;
import io.xsite.grid.ComparingGrid;
import io.xsite.grid.GridException;
import io.xsite.grid.InMemoryGrid;
import io.xsite.grid.SiteComparison;
import io.xsite.grid.SiteRepair;
import io.xsite.grid.http.GridRoutes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xsite grid verify | repair} against a node's admin endpoint (a grid whose comparisons are given). */
class GridVerifyCommandTest {
    private static final SiteComparison DIFFERENT = new SiteComparison("default", "nyc", "sfc", 256, 1000, 998,
            List.of(new SiteComparison.SegmentDifference(17, 5, 4), new SiteComparison.SegmentDifference(203, 3, 2)));
    private static final SiteComparison SAME = new SiteComparison("default", "nyc", "sfc", 256, 1000, 1000, List.of());

    @TempDir
    Path dir;

    private AdminServer admin;

    private Map<String, String> serve(ComparingGrid grid) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret\n");
        admin = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), GridRoutes.of(grid),
                AdminAccess.OPEN.withToken(AdminToken.read(tokenFile)), new SimpleMeterRegistry(), Optional.empty());
        return Map.of("XSITE_ADMIN_TOKEN_FILE", tokenFile.toString());
    }

    /** A node's grid whose comparisons with sfc are {@code verified} and {@code repaired}. */
    private static ComparingGrid comparing(SiteComparison verified, SiteRepair repaired) {
        return new ComparingGrid(new InMemoryGrid(List.of("default", "sessions"), Runnable::run,
                System::currentTimeMillis), verified, repaired);
    }

    private String port() {
        return String.valueOf(admin.address().getPort());
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    @Test
    void verifyPrintsTheDifferingSegmentsAndExitsOneThenRepairMakesThemEqual() throws IOException {
        ComparingGrid grid = comparing(DIFFERENT, new SiteRepair(DIFFERENT, SAME));
        Map<String, String> env = serve(grid);

        CommandRun verify = xsite(env, "grid", "verify", "--port", port(), "sfc");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.outLines()).containsExactly(
                "cache default: nyc and sfc differ in 2 of 256 segments (1000 keys at nyc, 998 at sfc)",
                "segment  keys at nyc  keys at sfc",
                "     17            5            4",
                "    203            3            2");

        CommandRun repair = xsite(env, "grid", "repair", "--port", port(), "--cache", "sessions", "sfc");
        assertThat(repair.exitCode()).isZero();
        assertThat(repair.outLines()).containsExactly(
                "cache default: nyc and sfc differed in 2 of 256 segments; sent them both ways",
                "cache default: nyc and sfc hold the same values (256 segments, 1000 keys)");
        assertThat(grid.calls()).containsExactly("verify sfc default", "repair sfc sessions");
    }

    @Test
    void equalSitesExitZeroAndRepairNeedsTheToken() throws IOException {
        Map<String, String> env = serve(comparing(SAME, new SiteRepair(SAME, SAME)));

        CommandRun verify = xsite(env, "grid", "verify", "--port", port(), "sfc");
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.outLines()).containsExactly(
                "cache default: nyc and sfc hold the same values (256 segments, 1000 keys)");
        CommandRun repair = xsite(Map.of(), "grid", "repair", "--port", port(), "sfc");
        assertThat(repair.exitCode()).isEqualTo(1);
        assertThat(repair.err()).contains("needs its admin token");
    }

    @Test
    void aSiteThatCannotBeComparedIsOneLineAndExitOne() throws IOException {
        ComparingGrid grid = comparing(SAME, new SiteRepair(SAME, SAME));
        Map<String, String> env = serve(grid);
        grid.failWith(new GridException(GridException.Reason.UNAVAILABLE, "site sfc did not send its digests"));

        CommandRun verify = xsite(env, "grid", "verify", "--port", port(), "sfc");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.err()).contains("answered 503: site sfc did not send its digests");
    }
}
