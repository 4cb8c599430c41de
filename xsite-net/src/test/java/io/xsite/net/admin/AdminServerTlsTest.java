package io.xsite.net.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin endpoint over HTTPS: a TLS context from a supplier, asked once per connection. */
class AdminServerTlsTest {
    private SelfSignedCertificate first;
    private SelfSignedCertificate second;
    private final AtomicReference<SslContext> current = new AtomicReference<>();
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        first = new SelfSignedCertificate("localhost");
        second = new SelfSignedCertificate("localhost");
        current.set(SslContextBuilder.forServer(first.certificate(), first.privateKey()).build());
        server = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of("/health", AdminRoute.of(() -> AdminResponse.text(200, "UP"))), AdminAccess.OPEN,
                new SimpleMeterRegistry(), Optional.of(current::get));
    }

    @AfterEach
    void stop() {
        server.close();
        first.delete();
        second.delete();
    }

    @Test
    void answersOverHttpsWithTheSuppliedCertificate() throws Exception {
        HttpResponse<String> response = get(client(first.cert(), second.cert()), "https");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("UP");
        assertThat(peer(response)).isEqualTo(first.cert());
    }

    @Test
    void aNewConnectionGetsTheCertificateTheSupplierHasNow() throws Exception {
        current.set(SslContextBuilder.forServer(second.certificate(), second.privateKey()).build());

        assertThat(peer(get(client(first.cert(), second.cert()), "https"))).isEqualTo(second.cert());
    }

    @Test
    void plainHttpGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(plain, "http"));
    }

    private HttpResponse<String> get(HttpClient client, String scheme) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + server.address().getPort()
                + "/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static X509Certificate peer(HttpResponse<String> response) throws Exception {
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    /** A client trusting exactly {@code trusted}; a client of its own opens a connection of its own. */
    private static HttpClient client(X509Certificate... trusted) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        List<X509Certificate> certificates = List.of(trusted);
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("trusted-" + i, certificates.get(i));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
