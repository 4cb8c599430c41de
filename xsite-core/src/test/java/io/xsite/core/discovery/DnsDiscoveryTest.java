package io.xsite.core.discovery;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DNS discovery against a real dnsmasq on a loopback port, serving the records of a headless service. */
class DnsDiscoveryTest {
    private static final List<String> RECORDS = List.of(
            // Three pods behind one headless service name: three A records.
            "--host-record=nyc.test,127.0.0.11",
            "--host-record=nyc.test,127.0.0.12",
            "--host-record=nyc.test,127.0.0.13",
            // SRV records naming two pods, each with its own port.
            "--host-record=nyc1.test,127.0.0.21",
            "--host-record=nyc2.test,127.0.0.22",
            "--srv-host=_xsite._tcp.nyc.test,nyc1.test,7800",
            "--srv-host=_xsite._tcp.nyc.test,nyc2.test,7801",
            // An SRV record whose second target has no address (a pod that is gone).
            "--srv-host=_partial._tcp.nyc.test,nyc1.test,7800",
            "--srv-host=_partial._tcp.nyc.test,gone.test,7800");

    private static Dnsmasq dns;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        // Skips the class where dnsmasq is missing, or fails it on CI.
        dns = Dnsmasq.start(RECORDS);
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void theARecordsOfAServiceGiveOneCandidatePerAddressAtTheConfiguredPort() throws Exception {
        try (DnsDiscovery discovery = new DnsDiscovery(a("nyc.test", 7800, dns.address()))) {

            List<Candidate> found = find(discovery);

            assertThat(found).containsExactlyInAnyOrder(at("127.0.0.11", 7800), at("127.0.0.12", 7800),
                    at("127.0.0.13", 7800));
        }
    }

    @Test
    void srvRecordsGiveEachTargetsAddressAtThePortOfItsRecord() throws Exception {
        try (DnsDiscovery discovery = new DnsDiscovery(srv("_xsite._tcp.nyc.test", dns.address()))) {

            List<Candidate> found = find(discovery);

            assertThat(found).containsExactlyInAnyOrder(at("127.0.0.21", 7800), at("127.0.0.22", 7801));
        }
    }

    @Test
    void anSrvTargetWithoutAddressIsLeftOutAndTheOthersStay() throws Exception {
        try (DnsDiscovery discovery = new DnsDiscovery(srv("_partial._tcp.nyc.test", dns.address()))) {

            List<Candidate> found = find(discovery);

            assertThat(found).containsExactly(at("127.0.0.21", 7800));
        }
    }

    @Test
    void aPodAddedToTheServiceShowsUpOnTheNextFind() throws Exception {
        try (Dnsmasq own = Dnsmasq.start(List.of("--host-record=sfc.test,127.0.0.31"));
             DnsDiscovery discovery = new DnsDiscovery(a("sfc.test", 7800, own.address()))) {
            assertThat(find(discovery)).containsExactly(at("127.0.0.31", 7800));

            own.restart(List.of("--host-record=sfc.test,127.0.0.31", "--host-record=sfc.test,127.0.0.32"));

            assertThat(find(discovery)).containsExactlyInAnyOrder(at("127.0.0.31", 7800), at("127.0.0.32", 7800));
        }
    }

    @Test
    void aNameThatDoesNotExistYieldsNoCandidates() throws Exception {
        try (DnsDiscovery aRecords = new DnsDiscovery(a("nobody.test", 7800, dns.address()));
             DnsDiscovery srvRecords = new DnsDiscovery(srv("_xsite._tcp.nobody.test", dns.address()))) {

            assertThat(find(aRecords)).isEmpty();
            assertThat(find(srvRecords)).isEmpty();
        }
    }

    @Test
    void aServerThatDoesNotAnswerYieldsNoCandidatesAfterTheQueryTimeout() throws Exception {
        InetSocketAddress silent;
        try (java.net.DatagramSocket free = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            silent = new InetSocketAddress(InetAddress.getLoopbackAddress(), free.getLocalPort());
        }
        try (DnsDiscovery discovery = new DnsDiscovery(a("nyc.test", 7800, silent))) {
            long start = System.nanoTime();

            List<Candidate> found = find(discovery);

            assertThat(found).isEmpty();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(ofMillis(300).toNanos());
        }
    }

    @Test
    void findAfterCloseFailsAsClosed() {
        DnsDiscovery discovery = new DnsDiscovery(a("nyc.test", 7800, dns.address()));
        discovery.close();

        assertThatThrownBy(() -> find(discovery)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /** A records of {@code name} at {@code server}, with a timeout short enough for tests. */
    private static DnsDiscoveryConfig a(String name, int port, InetSocketAddress server) {
        return DnsDiscoveryConfig.a(name, port).withServer(server).withQueryTimeout(ofMillis(300));
    }

    private static DnsDiscoveryConfig srv(String name, InetSocketAddress server) {
        return DnsDiscoveryConfig.srv(name).withServer(server).withQueryTimeout(ofMillis(300));
    }

    private static List<Candidate> find(Discovery discovery) throws Exception {
        return discovery.find().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Candidate at(String ip, int port) throws Exception {
        return Candidate.at(new InetSocketAddress(InetAddress.getByName(ip), port));
    }
}
