package io.xsite.grid.resp;

import static io.xsite.grid.resp.RespClient.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TestCertificates;
import io.xsite.net.tls.TlsConfig;
import io.xsite.net.tls.TlsMaterial;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;

/** AUTH with the configured password, and TLS on the RESP port where a client certificate authenticates too. */
class RespSecurityTest {
    private static final String PASSWORD = "s3cret pass";

    @TempDir
    Path dir;

    @Test
    void thePasswordGuardsEveryCommandButAuthHelloAndQuit() {
        try (RespTestServer server = new RespTestServer(config -> config.withPassword(RespPassword.of(PASSWORD)));
             RespClient client = new RespClient(server.host(), server.port())) {
            client.send(command("GET", "k"));
            assertThat(client.read("-NOAUTH Authentication required.\r\n"))
                    .isEqualTo("-NOAUTH Authentication required.\r\n");
            client.send(command("AUTH", "wrong"));
            String wrong = "-" + ConnectionCommands.WRONG_PASSWORD + "\r\n";
            assertThat(client.read(wrong)).isEqualTo(wrong);
            client.send(command("AUTH", "admin", PASSWORD));
            assertThat(client.read(wrong)).isEqualTo(wrong);
            client.send(command("AUTH", PASSWORD));
            assertThat(client.read("+OK\r\n")).isEqualTo("+OK\r\n");
            client.send(command("GET", "k"));
            assertThat(client.read("$-1\r\n")).isEqualTo("$-1\r\n");

            try (Jedis jedis = new Jedis(new HostAndPort(server.host(), server.port()), DefaultJedisClientConfig
                    .builder().protocol(RedisProtocol.RESP3).user("default").password(PASSWORD).build())) {
                assertThat(jedis.set("k", "v")).isEqualTo("OK");
                assertThat(jedis.get("k")).isEqualTo("v");
            }
        }
    }

    @Test
    void authWithoutAConfiguredPasswordIsRedisError() {
        try (RespTestServer server = new RespTestServer();
             RespClient client = new RespClient(server.host(), server.port())) {
            client.send(command("AUTH", "x"));
            String error = "-ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?\r\n";
            assertThat(client.read(error)).isEqualTo(error);
        }
    }

    @Test
    void aClientCertificateOfTheCaAuthenticatesLikeAuth() throws Exception {
        TestCertificates ca = TestCertificates.create(dir, "test-ca");
        try (ReloadingTls tls = ReloadingTls.start(ca.member("nyc"));
             RespTestServer server = new RespTestServer(config -> config.withTls(tls)
                     .withPassword(RespPassword.of(PASSWORD)))) {
            TlsConfig tool = ca.issue(new PeerIdentity(PeerRole.TOOL, "app"), "app");
            try (Jedis withCertificate = tlsClient(server, Optional.of(tool), ca.member("nyc"))) {
                assertThat(withCertificate.set("k", "v")).isEqualTo("OK");
                assertThat(withCertificate.get("k")).isEqualTo("v");
            }
            try (Jedis withoutCertificate = tlsClient(server, Optional.empty(), ca.member("nyc"))) {
                assertThatThrownBy(() -> withoutCertificate.get("k")).hasMessage("NOAUTH Authentication required.");
                assertThat(withoutCertificate.auth(PASSWORD)).isEqualTo("OK");
                assertThat(withoutCertificate.get("k")).isEqualTo("v");
            }
        }
    }

    @Test
    void withTlsAndNoPasswordACertificateIsRequired() throws Exception {
        TestCertificates ca = TestCertificates.create(dir, "test-ca");
        try (ReloadingTls tls = ReloadingTls.start(ca.member("nyc"));
             RespTestServer server = new RespTestServer(config -> config.withTls(tls))) {
            assertThatThrownBy(() -> {
                try (Jedis anonymous = tlsClient(server, Optional.empty(), ca.member("nyc"))) {
                    anonymous.ping();
                }
            }).isInstanceOf(JedisException.class);
            TlsConfig tool = ca.issue(new PeerIdentity(PeerRole.TOOL, "app"), "app");
            try (Jedis withCertificate = tlsClient(server, Optional.of(tool), ca.member("nyc"))) {
                assertThat(withCertificate.ping()).isEqualTo("PONG");
            }
        }
    }

    /** A Jedis over TLS 1.3 that trusts the CA of {@code trust}, presenting {@code identity}'s certificate if given. */
    private static Jedis tlsClient(RespTestServer server, Optional<TlsConfig> identity, TlsConfig trust)
            throws Exception {
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        TlsMaterial trustMaterial = TlsMaterial.load(trust);
        for (int i = 0; i < trustMaterial.trustedCertificates().size(); i++) {
            anchors.setCertificateEntry("ca" + i, trustMaterial.trustedCertificates().get(i));
        }
        trusted.init(anchors);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        if (identity.isPresent()) {
            TlsMaterial material = TlsMaterial.load(identity.get());
            own.setKeyEntry("me", material.privateKey(), new char[0],
                    material.certificateChain().toArray(Certificate[]::new));
        }
        keys.init(own, new char[0]);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);
        SSLSocketFactory factory = context.getSocketFactory();
        return new Jedis(new HostAndPort(server.host(), server.port()), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(factory).hostnameVerifier((host, session) -> true).build());
    }
}
