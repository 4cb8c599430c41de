package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.net.tls.ReloadingTls;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, rotation as it happens in production: nyc's certificate is renewed before it expires, and a site that
 * comes up after the old one expired must still be able to exchange sealed payloads with nyc, without a restart.
 */
class SealingAfterRotationTest {
    @TempDir
    Path dir;

    private TlsDeployment deployment;

    @BeforeEach
    void start() {
        deployment = TlsDeployment.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        deployment.close();
    }

    @Test
    void aSiteThatComesUpAfterTheOldCertificateExpiredTalksToTheRenewedSite() throws Exception {
        ReloadingTls nycTls = deployment.issueSite("nyc", Instant.now().plusSeconds(10));
        Instant oldExpiry = nycTls.current().notAfter().toInstant();
        List<RelayNode> nyc = deployment.startSite("nyc", 1);
        List<RelayNode> sfc = deployment.startSite("sfc", 1);
        TlsDeployment.awaitTopology(Stream.concat(nyc.stream(), sfc.stream()).toList(), "nyc", 1, "sfc", 1);

        deployment.rotate();
        await("nyc's old certificate expired").atMost(ofSeconds(20)).until(() -> Instant.now().isAfter(oldExpiry));
        RelayNode lon = deployment.startSite("lon", 1).get(0);
        List<String> atLon = inbox(lon);
        List<String> atNyc = inbox(nyc.get(0));
        await("lon and nyc see each other").atMost(ofSeconds(20))
                .until(() -> lon.topology().containsKey("nyc") && nyc.get(0).topology().containsKey("lon"));

        nyc.get(0).send(lon.address(), "to lon".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        lon.send(nyc.get(0).address(), "to nyc".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        await("a line each way").atMost(ofSeconds(15)).untilAsserted(() -> {
            assertThat(atLon).containsExactly("to lon");
            assertThat(atNyc).containsExactly("to nyc");
        });
    }

    private static List<String> inbox(RelayNode node) {
        List<String> inbox = new CopyOnWriteArrayList<>();
        node.addMessageListener(m -> inbox.add(new String(m.payload(), UTF_8)));
        return inbox;
    }
}
