package io.xsite.it.netns;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A whole site lost under a write load, on the network-namespace topology of {@code it/netns} (as {@link NetnsIT}
 * runs it: routers rt1 and rt2, each member a {@code bin/xsite node} in its own namespace, TLS everywhere). nyc1..nyc3
 * and sfc1..sfc3 serve the grid; nyc backs cache {@code default} up to sfc synchronously (a write is acknowledged
 * once sfc applied it, and fails otherwise) and cache {@code sessions} asynchronously. A {@link GridWriter} in nyc's
 * network writes distinct keys and records each acknowledged one; then every nyc process, the writer included, is
 * SIGKILLed at once, and a {@link GridChecker} in sfc's network reads every acknowledged key back.
 * Skipped, with the reason, where namespaces are not available (not root, not Linux), as {@link NetnsIT} is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedTopology.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsGridIT {
    private static final int RESP_PORT = 6379;
    private static final int SYNC_DATABASE = 0;
    private static final int ASYNC_DATABASE = 1;
    /**
     * Acknowledged writes before the kill: enough to have many on their way at the kill, few enough for a machine
     * shared with other builds (where nyc acknowledged 40 to 60 writes a second).
     */
    private static final int ACKED_BEFORE_KILL = 500;
    private static final Pattern CHECKED = Pattern.compile("checked (\\d+): (\\d+) missing, (\\d+) wrong");
    private static final Pattern MISSING = Pattern.compile("missing (\\d+)");

    private Netns net;
    private List<String> nyc;
    private List<String> sfc;
    private SiteProcesses nodes;

    @BeforeAll
    void startTheProcesses(Netns net) {
        this.net = net;
        // Three members a site: two owners and a majority left when one is slow; fewer JVMs on a busy machine.
        nyc = net.members("nyc").subList(0, 3);
        sfc = net.members("sfc");
        nodes = new SiteProcesses(net, nyc, sfc, this::gridSettings);
        nodes.startAll();
    }

    @AfterAll
    void stopTheProcesses() throws InterruptedException {
        if (net != null) {
            net.close();
        }
    }

    /** A scenario kills nyc: the next starts it again (empty) and waits until every member's grid is settled. */
    @BeforeEach
    void everyNodeRunsWithItsGridSettled() {
        nyc.stream().filter(member -> !nodes.get(member).isAlive()).forEach(nodes::startNode);
        nodes.awaitFullTopology("nyc started");
        await("every member's grid accepts writes and moves no segment").atMost(ofSeconds(60))
                .pollInterval(ofMillis(250)).until(() -> nodes.members().stream().allMatch(member ->
                        net.get(member, SiteProcesses.MEMBER_ADMIN_PORT, "/grid/status")
                                .map(AdminDocuments::gridSettled).orElse(false)));
    }

    @Test
    @Order(1)
    void withSyncBackupEveryWriteAcknowledgedAtNycReadsBackAtSfcAfterEveryNycProcessIsKilled() throws Exception {
        XsiteProcess writer = write(SYNC_DATABASE, "sync");
        awaitAcknowledged(writer, ACKED_BEFORE_KILL);
        killNyc(writer);

        List<Integer> acked = GridLoadClient.acked(writer.stdout());
        Checked checked = check(writer, SYNC_DATABASE, "sync");
        assertThat(checked.count()).as("acknowledged writes read back").isEqualTo(acked.size());
        assertThat(checked.missing()).as("acknowledged sync writes missing at sfc").isEmpty();
        assertThat(checked.wrong()).as("acknowledged sync writes with another value at sfc").isZero();
        report("sync: %d writes acknowledged at nyc before every nyc process was killed, %d failed; all %d read back "
                + "at sfc", acked.size(), failed(writer), checked.count());
    }

    @Test
    @Order(2)
    void withAsyncBackupWhatSfcMissesIsAtMostWhatNycsRpoReportedBeforeTheKill() throws Exception {
        XsiteProcess writer = write(ASYNC_DATABASE, "async");
        awaitAcknowledged(writer, ACKED_BEFORE_KILL);
        // The load goes on while nyc's RPO is read and until the kill, as a site is lost under load. So the RPO
        // read covers the writes acknowledged before it was asked for (the writer printed them by then), and those
        // acknowledged after are counted apart: the first are missing at sfc at most as many as the RPO says; all
        // together at most the RPO plus the writes acknowledged since it was asked for.
        int ackedBeforeRpo = GridLoadClient.acked(writer.stdout()).size();
        long rpo = pendingAtNyc("sessions");
        killNyc(writer);

        List<Integer> acked = GridLoadClient.acked(writer.stdout());
        Checked checked = check(writer, ASYNC_DATABASE, "async");
        assertThat(checked.count()).as("acknowledged writes read back").isEqualTo(acked.size());
        assertThat(checked.wrong()).as("acknowledged async writes with another value at sfc").isZero();
        Set<Integer> before = new HashSet<>(acked.subList(0, ackedBeforeRpo));
        long missingBefore = checked.missing().stream().filter(before::contains).count();
        int ackedAfter = acked.size() - ackedBeforeRpo;
        assertThat(missingBefore).as("keys acknowledged before nyc's RPO (%d keys) was read, missing at sfc", rpo)
                .isLessThanOrEqualTo(rpo);
        assertThat((long) checked.missing().size()).as("keys missing at sfc, at most the RPO (%d) and the %d "
                + "acknowledged since it was read", rpo, ackedAfter).isLessThanOrEqualTo(rpo + ackedAfter);
        report("async: %d writes acknowledged at nyc (%d before its RPO was read: %d pending keys; %d between that "
                + "and the kill); missing at sfc: %d (%d of those acknowledged before the RPO was read)", acked.size(),
                ackedBeforeRpo, rpo, ackedAfter, checked.missing().size(), missingBefore);
    }

    /**
     * What a member's node runs with: both caches with two owners; at nyc, {@code default} backed up to sfc
     * synchronously (failing a write sfc did not apply within 10 s) and {@code sessions} asynchronously. sfc backs
     * nothing up: nyc is dead when sfc is written to (the checker's client probes its home with a write).
     */
    private Map<String, String> gridSettings(String member) {
        String caches = "default:2,sessions:2";
        return nyc.contains(member)
                ? Map.of("XSITE_GRID_CACHES", caches, "XSITE_GRID_BACKUPS", "default=sfc:sync:10s:fail,sessions=sfc:async")
                : Map.of("XSITE_GRID_CACHES", caches);
    }

    /** Starts a writer of the keys {@code prefix-N} in {@code database} through nyc's RESP ports, from nyc1's network. */
    private XsiteProcess write(int database, String prefix) {
        return net.startJava(nyc.get(0), GridWriter.class, GridLoadClient.Settings.arguments("nyc",
                net.tlsDir(net.toolHost()), database, prefix, resp(nyc)));
    }

    private static void awaitAcknowledged(XsiteProcess writer, int count) {
        await(writer + " has " + count + " writes acknowledged").atMost(ofSeconds(60)).pollInterval(ofMillis(100))
                .until(() -> {
                    assertThat(writer.isAlive()).as("%s runs; stderr: %s", writer, writer.stderrTail(20)).isTrue();
                    return GridLoadClient.acked(writer.stdout()).size() >= count;
                });
    }

    /** SIGKILLs every nyc node and {@code writer} (in nyc's network too) at once. */
    private void killNyc(XsiteProcess writer) throws InterruptedException {
        List<XsiteProcess> site = new ArrayList<>(nyc.stream().map(nodes::get).toList());
        site.add(writer);
        XsiteProcess.killAtOnce(site);
    }

    /**
     * The keys nyc owes sfc in {@code cache}, as nyc's members report them (each the keys of the segments it is
     * primary of), asked of all of them at once.
     */
    private long pendingAtNyc(String cache) {
        List<CompletableFuture<Long>> asked = nyc.stream().map(member -> CompletableFuture.supplyAsync(() ->
                net.get(member, SiteProcesses.MEMBER_ADMIN_PORT, "/grid/status")
                        .map(status -> AdminDocuments.pendingKeys(status, cache, "sfc"))
                        .orElseThrow(() -> new AssertionError(member + " did not answer /grid/status")))).toList();
        return asked.stream().mapToLong(CompletableFuture::join).sum();
    }

    /** Reads every key {@code writer} recorded as acknowledged through sfc's RESP ports, from sfc1's network. */
    private Checked check(XsiteProcess writer, int database, String prefix) throws InterruptedException {
        try (XsiteProcess checker = net.startJava(sfc.get(0), GridChecker.class, GridLoadClient.Settings.arguments(
                "sfc", net.tlsDir(net.toolHost()), database, prefix, resp(sfc), writer.stdoutFile().toString()))) {
            assertThat(checker.awaitExit(ofSeconds(90))).as("checker exit code; stderr: %s", checker.stderrTail(30))
                    .isZero();
            List<String> lines = checker.stdout();
            Matcher summary = lines.stream().map(CHECKED::matcher).filter(Matcher::matches).findFirst()
                    .orElseThrow(() -> new AssertionError("the checker printed no summary: " + lines));
            List<Integer> missing = lines.stream().map(MISSING::matcher).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).toList();
            return new Checked(Integer.parseInt(summary.group(1)), missing, Integer.parseInt(summary.group(3)));
        }
    }

    /** What {@link GridChecker} found: how many keys it read, those without a value, how many had another. */
    private record Checked(int count, List<Integer> missing, int wrong) {
    }

    private static long failed(XsiteProcess writer) {
        return writer.stdout().stream().filter(line -> line.startsWith("failed ")).count();
    }

    private List<String> resp(List<String> members) {
        return members.stream().map(member -> net.ip(member) + ":" + RESP_PORT).toList();
    }

    private static void report(String format, Object... args) {
        System.out.println("NetnsGridIT: " + String.format(format, args));
    }
}
