package io.xsite.client;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TestCertificates;
import io.xsite.net.tls.TlsConfig;
import io.xsite.grid.resp.RespConfig;
import io.xsite.grid.resp.RespPassword;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over TLS to a real grid member whose RESP port serves TLS with the member's certificate of site nyc,
 * as {@code xsite node --tls-dir} serves it: a client certificate of the deployment's CA authenticates, the CA alone
 * with the password does too, neither is refused, and a site whose member's certificate names another site is
 * not used.
 */
class FailoverClientTlsTest {
    private static final String PASSWORD = "s3cret";

    @TempDir
    static Path dir;

    private static TestCertificates ca;
    private static ReloadingTls memberTls;
    private static GridSite nyc;

    @BeforeAll
    static void startATlsSite() {
        ca = TestCertificates.create(dir, "test-ca");
        memberTls = ReloadingTls.start(ca.member("nyc"));
        UnaryOperator<RespConfig> tlsAndPassword = resp -> resp.withTls(memberTls)
                .withPassword(RespPassword.of(PASSWORD));
        nyc = new GridSite("nyc", 1, 31, tlsAndPassword);
    }

    @AfterAll
    static void stop() {
        nyc.close();
        memberTls.close();
    }

    @Test
    void aClientCertificateOfTheCaCarriesEveryOperationWithoutAPassword() {
        TlsConfig app = ca.issue(new PeerIdentity(PeerRole.TOOL, "app"), "app");
        try (FailoverClient client = builder().site("nyc", nyc.endpoints())
                .tls(app.trustedCa(), app.certificate(), app.privateKey()).build()) {
            client.set("tls:k", "v").join();

            assertThat(client.get("tls:k").join()).contains("v");
            assertThat(client.incr("tls:n").join()).isEqualTo(1);
            assertThat(client.activeSite()).isEqualTo("nyc");
        }
    }

    @Test
    void theCaAloneWithThePasswordWorksAndWithoutEitherTheMemberRefuses() {
        TlsConfig member = ca.member("nyc");
        try (FailoverClient withPassword = builder().site("nyc", nyc.endpoints()).tls(member.trustedCa())
                .password(PASSWORD).build();
             FailoverClient anonymous = builder().site("nyc", nyc.endpoints()).tls(member.trustedCa()).build()) {
            withPassword.set("tls:p", "with password").join();
            assertThat(withPassword.get("tls:p").join()).contains("with password");

            assertThatThrownBy(() -> anonymous.get("tls:p").join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ServerErrorException.class).hasMessageContaining("NOAUTH");
        }
    }

    @Test
    void aSiteServedByAMemberOfAnotherSiteIsLeftForTheNext() {
        TlsConfig app = ca.issue(new PeerIdentity(PeerRole.TOOL, "app"), "app-2");
        List<FailoverEvent> events = new CopyOnWriteArrayList<>();
        // "sfc" points at nyc's member: its certificate names urn:xsite:member:nyc, so the client must not use it.
        try (FailoverClient client = builder().site("sfc", nyc.endpoints()).site("nyc", nyc.endpoints()).home("sfc")
                .tls(app.trustedCa(), app.certificate(), app.privateKey()).listener(events::add).build()) {
            client.set("tls:home", "written at the real nyc").join();

            assertThat(client.activeSite()).isEqualTo("nyc");
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.reason()).isEqualTo(SwitchReason.FAILOVER);
                assertThat(event.detail()).contains("is not served by a member of sfc",
                        "names [urn:xsite:member:nyc], not urn:xsite:member:sfc");
            });
        }
    }

    @Test
    void aFileThatIsNotPemIsNamedWhenTheClientIsBuilt() {
        Path notPem = ca.member("nyc").privateKey();
        assertThatThrownBy(() -> builder().site("nyc", nyc.endpoints()).tls(notPem))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notPem.toString());
    }

    private static FailoverClient.Builder builder() {
        return FailoverClient.builder().meterRegistry(new SimpleMeterRegistry())
                .timeouts(ClientTimeouts.DEFAULTS.withOperation(ofSeconds(10)));
    }
}
