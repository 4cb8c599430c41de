package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.net.tls.ReloadingTls;
import io.xsite.relay.internal.bridge.BridgeMember;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15: certificate rotation while a stream flows loses nothing. nyc and sfc of the default deployment (one
 * CA, one TLS router); mid-stream every site and the router get new certificates of the same CA, written over
 * their files as cert-manager does, and nyc's site master crashes, so that the new site master's bridge member
 * and the members' new connections shake hands with the new certificates.
 */
class CertificateRotationTest {
    private static final int COUNT = 3000;

    @TempDir
    Path dir;

    private TlsDeployment deployment;
    private ScheduledExecutorService pacer;

    @BeforeEach
    void start() {
        deployment = TlsDeployment.start(dir);
        pacer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        pacer.shutdownNow();
        deployment.close();
    }

    @Test
    void rotatingEveryCertificateMidStreamLosesNothing() {
        List<RelayNode> nyc = deployment.startSite("nyc", 3);
        List<RelayNode> sfc = deployment.startSite("sfc", 2);
        TlsDeployment.awaitTopology(Stream.concat(nyc.stream(), sfc.stream()).toList(), "nyc", 3, "sfc", 2);
        RelayNode master = nyc.stream().filter(n -> n.address().equals(n.topology().get("nyc").siteMasters().get(0)))
                .findFirst().orElseThrow();
        RelayNode sender = nyc.stream().filter(n -> n != master).findFirst().orElseThrow();
        RelayNode receiver = sfc.get(1);
        List<String> received = new CopyOnWriteArrayList<>();
        receiver.addMessageListener(m -> received.add(new String(m.payload(), UTF_8)));
        List<ReloadingTls> everyTls = List.of(deployment.tls("nyc"), deployment.tls("sfc"), deployment.routerTls());
        List<BigInteger> oldSerials = everyTls.stream().map(TlsDeployment::serial).toList();

        // One numbered message every 2 ms, from a member that is not the site master, without waiting for sends.
        AtomicInteger next = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> {
            int n = next.getAndIncrement();
            if (n < COUNT) {
                sender.send(receiver.address(), String.valueOf(n).getBytes(UTF_8));
            }
        }, 0, 2, TimeUnit.MILLISECONDS);
        await("a quarter of the stream arrived").atMost(ofSeconds(20)).until(() -> received.size() >= COUNT / 4);

        deployment.rotate();
        List<BigInteger> newSerials = everyTls.stream().map(TlsDeployment::serial).toList();
        assertThat(newSerials).doesNotContainAnyElementsOf(oldSerials);
        int beforeCrash = received.size();
        deployment.sites().forget(master);
        master.simulateCrash();

        await("a new nyc site master registered in the bridge after the rotation").atMost(ofSeconds(20))
                .until(() -> deployment.bridgeMembers().stream().anyMatch(bridgeMember -> nyc.stream()
                        .anyMatch(n -> n != master && BridgeMember.belongsTo(bridgeMember, n.address()))));
        await("the stream flows again").atMost(ofSeconds(20)).until(() -> received.size() > beforeCrash + 10);
        List<String> expected = IntStream.range(0, COUNT).mapToObj(String::valueOf).toList();
        await("every number arrived once, in order").atMost(ofSeconds(30))
                .untilAsserted(() -> assertThat(received).containsExactlyElementsOf(expected));

        assertThat(deployment.routerMetric("xsite_tls_handshake_failures_total", ""))
                .as("handshakes the router refused").isZero();
        assertThat(TlsDeployment.servedSerial(deployment.router().address(), deployment.tls("nyc").current()))
                .as("the router's certificate on a new connection").isEqualTo(newSerials.get(2));
        assertThat(TlsDeployment.servedSerial(sender.physicalAddress(), deployment.tls("nyc").current()))
                .as("a nyc member's certificate on a new connection").isEqualTo(newSerials.get(0));
        assertThat(TlsDeployment.servedSerial(receiver.physicalAddress(), deployment.tls("sfc").current()))
                .as("an sfc member's certificate on a new connection").isEqualTo(newSerials.get(1));
    }

}
