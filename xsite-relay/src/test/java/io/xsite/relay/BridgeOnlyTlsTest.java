package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A site certificate given to the bridge only ({@code BridgeConfig.withTls}), the TLS posture of JGroups with TLS
 * on its tunnel: the site masters reach the TLS router and seal their payloads, while the members of a site speak
 * plain TCP among themselves.
 */
class BridgeOnlyTlsTest {
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> startLines = new ListAppender<>();
    private TlsDeployment deployment;

    @AfterEach
    void stop() throws Exception {
        relayNodeLogger().detachAppender(startLines);
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void sitesSealAndUseTlsBetweenThemAndPlainTcpInside() throws Exception {
        startLines.start();
        relayNodeLogger().addAppender(startLines);
        deployment = TlsDeployment.start(dir);
        List<RelayNode> nyc = deployment.startSiteWithTlsOnBridge("nyc", 2);
        List<RelayNode> sfc = deployment.startSiteWithTlsOnBridge("sfc", 2);
        List<RelayNode> all = Stream.concat(nyc.stream(), sfc.stream()).toList();
        TlsDeployment.awaitTopology(all, "nyc", 2, "sfc", 2);
        List<String> inbox = new CopyOnWriteArrayList<>();
        sfc.get(1).addMessageListener(m -> inbox.add(new String(m.payload(), UTF_8)));

        nyc.get(1).send(sfc.get(1).address(), "hello sfc".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);

        await("the line crossed the TLS bridge").atMost(ofSeconds(10))
                .untilAsserted(() -> assertThat(inbox).containsExactly("hello sfc"));
        assertThat(deployment.bridgeMembers()).as("bridge members registered at the TLS-only router")
                .isNotEmpty();
        assertThat(startLines.list).filteredOn(e -> e.getFormattedMessage().contains("relay node started"))
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).endsWith("payloads between sites sealed)"));
        assertThatThrownBy(() -> TlsDeployment.servedSerial(nyc.get(0).physicalAddress(),
                deployment.tls("nyc").current())).as("a TLS handshake with a member's own port")
                .isInstanceOf(RuntimeException.class);
    }

    private static Logger relayNodeLogger() {
        return (Logger) LoggerFactory.getLogger(RelayNode.class);
    }
}
