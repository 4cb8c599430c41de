package io.xsite.relay.probe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.net.admin.XsiteVersion;
import io.xsite.core.delivery.Reply;
import io.xsite.core.member.Member;
import io.xsite.relay.RelayNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code /probe} on relay nodes of two real sites bridged through two real routers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeServiceTest {
    private static final String HEADER = "^%s:%s \\[ip=127\\.0\\.0\\.1:\\d+, view=\\[%s\\d\\|\\d+\\] \\(%d\\)"
            + "(, site master)?, version=" + XsiteVersion.current().replace(".", "\\.") + ", uptime=\\d+s\\]$";

    private ProbeCluster cluster;

    @BeforeAll
    void start() {
        cluster = new ProbeCluster();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void siteScopeListsEveryMemberOfTheNodesSiteOnly() throws Exception {
        HttpResponse<String> response = cluster.get(cluster.nyc.get(1), "/probe");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> headers = headers(response.body());
        assertThat(headers).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(headers.get(i)).matches(String.format(HEADER, "nyc" + i, "nyc", "nyc", 3));
        }
        assertThat(headers).filteredOn(h -> h.contains(", site master")).hasSize(1);
        assertThat(response.body()).doesNotContain("sfc").endsWith("\n3 responses\n");
    }

    @Test
    void allScopeListsEveryMemberOfBothSites() throws Exception {
        HttpResponse<String> response = cluster.get(cluster.sfc.get(0), "/probe?scope=all");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> headers = headers(response.body());
        assertThat(headers).hasSize(5);
        for (int i = 0; i < 3; i++) {
            assertThat(headers.get(i)).matches(String.format(HEADER, "nyc" + i, "nyc", "nyc", 3));
        }
        for (int i = 0; i < 2; i++) {
            assertThat(headers.get(3 + i)).matches(String.format(HEADER, "sfc" + i, "sfc", "sfc", 2));
        }
        assertThat(headers).filteredOn(h -> h.contains(", site master")).hasSize(2);
        assertThat(lines(response.body())).last().isEqualTo("5 responses");
    }

    @Test
    void eachKeyAddsItsEntryToEveryBlock() throws Exception {
        HttpResponse<String> response = cluster.get(cluster.sfc.get(1), "/probe?keys=view,version,metrics,topology");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = lines(response.body());
        assertThat(lines).filteredOn(l -> l.startsWith("view=")).hasSize(2)
                .allSatisfy(l -> assertThat(l).matches("view=\\[sfc\\d\\|\\d+\\] \\(2\\) \\[sfc\\d, sfc\\d\\]"));
        assertThat(lines).filteredOn(l -> l.startsWith("version=")).hasSize(2)
                .allSatisfy(l -> assertThat(l).startsWith("version=" + XsiteVersion.current() + " (java "));
        assertThat(lines).filteredOn(l -> l.startsWith("metrics=")).hasSize(2)
                .allSatisfy(l -> assertThat(l).matches("metrics=\\d+ samples"));
        assertThat(lines).filteredOn(l -> l.startsWith("  xsite_member_view_size{")).hasSize(2)
                .allSatisfy(l -> assertThat(l).endsWith(" 2.0"));
        assertThat(lines).filteredOn(l -> l.startsWith("  xsite_relay_")).isNotEmpty();
        assertThat(lines).filteredOn(l -> l.startsWith("topology=")).containsExactly("topology=2 sites",
                "topology=2 sites");
        assertThat(lines).filteredOn(l -> l.startsWith("  nyc: ")).hasSize(2).allSatisfy(l -> assertThat(l)
                .matches("  nyc: nyc\\d 127\\.0\\.0\\.1:\\d+( \\(site master\\))?(, nyc\\d 127\\.0\\.0\\.1:\\d+"
                        + "( \\(site master\\))?){2}"));
        assertThat(lines).filteredOn(l -> l.startsWith("  sfc: ")).hasSize(2)
                .allSatisfy(l -> assertThat(l).containsOnlyOnce("me)").containsOnlyOnce("site master"));
        assertThat(lines).last().isEqualTo("2 responses");
    }

    @Test
    void invalidParametersAre400NamingTheProblem() throws Exception {
        assertThat(cluster.get(cluster.nyc.get(0), "/probe?keys=view,threads"))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(r.body()).contains("unknown probe key 'threads'")
                        .contains("view, version, metrics, topology"));
        assertThat(cluster.get(cluster.nyc.get(0), "/probe?scope=world").body()).contains("scope 'world'");
        assertThat(cluster.get(cluster.nyc.get(0), "/probe?timeout=soon").body()).contains("timeout 'soon'");
        assertThat(cluster.get(cluster.nyc.get(0), "/probe?verbose=1").body()).contains("unknown parameter 'verbose'");
    }

    @Test
    void otherRequestsGoToTheDelegateOrGetAnEmptyReply() throws Exception {
        RelayNode asker = cluster.sfc.get(0);

        Reply toNyc = asker.request(cluster.nyc.get(2).address(), "ping".getBytes(UTF_8), Duration.ofSeconds(10))
                .get(15, TimeUnit.SECONDS).get(cluster.nyc.get(2).address());
        Reply toSfc = asker.request(cluster.sfc.get(1).address(), "ping".getBytes(UTF_8), Duration.ofSeconds(10))
                .get(15, TimeUnit.SECONDS).get(cluster.sfc.get(1).address());

        assertThat(new String(toNyc.response().payload(), UTF_8)).isEqualTo("pong");
        assertThat(toSfc.response().payload()).isEmpty();
    }

    @Test
    void anUnreadableProbeRequestGetsAnErrorReplyAndTheMemberKeepsAnswering() throws Exception {
        RelayNode asker = cluster.nyc.get(0);
        RelayNode target = cluster.nyc.get(1);
        byte[] newerVersion = ProbeCodec.encodeRequest(new ProbeRequest(java.util.Set.of()));
        newerVersion[4] = 9;

        Reply reply = asker.request(target.address(), newerVersion, Duration.ofSeconds(10))
                .get(15, TimeUnit.SECONDS).get(target.address());

        assertThat(reply.response().headers().get(Member.ERROR_HEADER)).contains("version 9");
        assertThat(lines(cluster.get(target, "/probe").body())).last().isEqualTo("3 responses");
    }

    static List<String> headers(String body) {
        return lines(body).stream().filter(l -> l.contains(" [ip=")).toList();
    }

    static List<String> lines(String body) {
        return body.lines().toList();
    }
}
