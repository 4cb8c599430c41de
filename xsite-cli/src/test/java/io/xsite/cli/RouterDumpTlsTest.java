package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.tls.PeerAuthenticator;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TlsConfig;
import io.xsite.core.internal.tunnel.RouterClient;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.internal.tunnel.RouterListener;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xsite router-dump --tls-dir} with a tool certificate lists a TLS router's members; without, it cannot. */
class RouterDumpTlsTest {
    @TempDir
    Path dir;

    @Test
    void aToolCertificateListsTheMembersOfATlsRouter() {
        Path ca = dir.resolve("ca");
        assertThat(xsite("pki", "ca", "--out", ca.toString()).exitCode()).isZero();
        for (String[] issue : new String[][] {{"router", "r1"}, {"site", "nyc"}, {"tool", "ops"}}) {
            assertThat(xsite("pki", issue[0], issue[1], "--ca", ca.toString(), "--out",
                    dir.resolve(issue[1]).toString()).exitCode()).isZero();
        }
        try (ReloadingTls routerTls = ReloadingTls.start(TlsConfig.inDirectory(dir.resolve("r1")));
             ReloadingTls nycTls = ReloadingTls.start(TlsConfig.inDirectory(dir.resolve("nyc")));
             GossipRouter router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1), routerTls,
                     Set.of("bridge"), AdminAccess.OPEN);
             RouterClient member = RouterClient.start(RouterClientConfig.of(List.of(router.address()), "bridge",
                     UuidAddress.siteUuid(UUID.randomUUID(), "_nyc1", "nyc", 0), "_nyc1",
                     new IpAddress(InetAddress.getLoopbackAddress(), 54499))
                     .withSecurity(PeerAuthenticator.toRouters("tunnel", nycTls, new SimpleMeterRegistry())),
                     new Silent())) {
            String port = Integer.toString(router.address().getPort());
            AtomicReference<CommandRun> dump = new AtomicReference<>();
            await("the tool lists the member").atMost(ofSeconds(20)).untilAsserted(() -> {
                dump.set(xsite("router-dump", "--host", "127.0.0.1", "--port", port, "--tls-dir",
                        dir.resolve("ops").toString()));
                assertThat(dump.get().outLines()).hasSize(1);
            });
            assertThat(dump.get().outLines()).containsExactly(
                    "1: bridge: _nyc1:nyc, name=_nyc1, addr=127.0.0.1:54499, server");

            CommandRun plain = xsite("router-dump", "--host", "127.0.0.1", "--port", port);
            assertThat(plain.outLines()).isEmpty();
        }
    }

    /** A member that only needs to be registered. */
    private static final class Silent implements RouterListener {
        @Override
        public void onMessage(Address sender, Address destination, byte[] payload) {
        }

        @Override
        public void onSuspect(Address member) {
        }
    }
}
