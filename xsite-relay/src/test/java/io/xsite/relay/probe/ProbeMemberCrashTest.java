package io.xsite.relay.probe;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.RelayNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A member that crashed is reported as not answering until the site excludes it, then not at all. */
class ProbeMemberCrashTest {

    @Test
    void aCrashedMemberDoesNotAnswerThenDisappearsAndTheCountFollows() throws Exception {
        try (ProbeCluster cluster = new ProbeCluster()) {
            // Not the site master: its crash would cut nyc off from sfc until failover, another story.
            List<UuidAddress> masters = cluster.nyc.get(0).topology().get("nyc").siteMasters();
            List<RelayNode> others = cluster.nyc.stream().filter(n -> !masters.contains(n.address())).toList();
            RelayNode crashed = others.get(0);
            RelayNode asker = others.get(1);
            String name = crashed.name();
            crashed.simulateCrash();
            cluster.forget(crashed);

            // Right after the crash it may still be in the view (then it times out) or already excluded. The others
            // get 2 s to answer: on a loaded host sfc's answers took longer than 500 ms.
            List<String> first = cluster.get(asker, "/probe?scope=all&timeout=2000").body().lines().toList();
            assertThat(ProbeServiceTest.headers(String.join("\n", first))).hasSize(4)
                    .noneMatch(header -> header.startsWith(name + ":"));
            assertThat(first).filteredOn(line -> line.startsWith(name + ":"))
                    .isSubsetOf(name + ":nyc: timed out", name + ":nyc: unreachable", name + ":nyc: left");
            assertThat(first).last().isEqualTo("4 responses");

            await("nyc excludes the crashed member and the probe no longer names it").atMost(ofSeconds(20))
                    .untilAsserted(() -> {
                        String body = cluster.get(cluster.sfc.get(1), "/probe?scope=all&timeout=2000").body();
                        assertThat(body).doesNotContain(name);
                        assertThat(ProbeServiceTest.headers(body)).hasSize(4);
                        assertThat(body).endsWith("\n4 responses\n");
                    });
            String site = cluster.get(asker, "/probe").body();
            assertThat(ProbeServiceTest.headers(site)).hasSize(2).allMatch(h -> h.contains("(2), ") || h.contains("(2)]"));
            assertThat(site).endsWith("\n2 responses\n");
        }
    }
}
