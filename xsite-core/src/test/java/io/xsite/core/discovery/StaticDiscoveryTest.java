package io.xsite.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.core.transport.tunnel.RouterHosts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StaticDiscoveryTest {

    @Test
    void hostColonPortAndHostBracketPortEntriesBecomeResolvedCandidates() throws Exception {
        try (StaticDiscovery discovery = new StaticDiscovery(RouterHosts.parse("127.0.0.1:7800,localhost[7801]"),
                null)) {

            List<Candidate> found = find(discovery);

            assertThat(found).containsExactly(at("127.0.0.1", 7800), at("localhost", 7801));
            assertThat(found).allSatisfy(c -> assertThat(c.physical().isUnresolved()).isFalse());
        }
    }

    @Test
    void aNameThatDoesNotResolveIsSkippedAndTheOthersStay() throws Exception {
        try (StaticDiscovery discovery = new StaticDiscovery(
                RouterHosts.parse("no-such-member.invalid:7800,127.0.0.1[7801]"), null)) {

            assertThat(find(discovery)).containsExactly(at("127.0.0.1", 7801));
        }
    }

    @Test
    void entriesThatResolveToTheSameAddressAndPortCollapseIntoOne() throws Exception {
        InetAddress localhost = InetAddress.getByName("localhost");
        String sameAsLocalhost = localhost.getHostAddress().contains(":") ? "[" + localhost.getHostAddress() + "]:7800"
                : localhost.getHostAddress() + ":7800";
        try (StaticDiscovery discovery = new StaticDiscovery(
                RouterHosts.parse("localhost:7800," + sameAsLocalhost + ",localhost[7800],127.0.0.1:7802"), null)) {

            assertThat(find(discovery)).containsExactly(at("localhost", 7800), at("127.0.0.1", 7802));
        }
    }

    @Test
    void ourOwnAddressIsLeftOut() throws Exception {
        InetSocketAddress self = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 7800);
        try (StaticDiscovery discovery = new StaticDiscovery(RouterHosts.parse("127.0.0.1:7800,127.0.0.1:7801"),
                self)) {

            assertThat(find(discovery)).containsExactly(at("127.0.0.1", 7801));
        }
    }

    @Test
    void findAfterCloseFailsAsClosed() {
        StaticDiscovery discovery = new StaticDiscovery(RouterHosts.parse("127.0.0.1:7800"), null);
        discovery.close();

        assertThatThrownBy(() -> find(discovery)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static List<Candidate> find(Discovery discovery) throws Exception {
        return discovery.find().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Candidate at(String host, int port) throws Exception {
        return Candidate.at(new InetSocketAddress(InetAddress.getByName(host), port));
    }
}
