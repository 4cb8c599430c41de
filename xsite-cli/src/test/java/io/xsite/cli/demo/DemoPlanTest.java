package io.xsite.cli.demo;

import io.xsite.core.discovery.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.relay.RelayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's members, their ports and discovery lists, and how each is started in or out of this JVM. */
class DemoPlanTest {
    private static final io.xsite.core.membership.MembershipConfig LOOPBACK =
            io.xsite.core.membership.MembershipConfig.loopback();
    /** tcp, then RESP (+100), then admin (+200), each nyc1-5, sfc1-3, Temp. */
    private static final List<Integer> PORTS = List.of(7001, 7002, 7003, 7004, 7005, 7011, 7012, 7013, 7020,
            7101, 7102, 7103, 7104, 7105, 7111, 7112, 7113, 7120,
            7201, 7202, 7203, 7204, 7205, 7211, 7212, 7213, 7220);
    private static final List<InetSocketAddress> ROUTERS =
            List.of(new InetSocketAddress("127.0.0.1", 12001), new InetSocketAddress("127.0.0.1", 12101));

    @Test
    void eachSiteDiscoversItsOwnPortsAndTheVisitorJoinsItsSite() {
        DemoPlan plan = DemoPlan.onPorts(DemoLayout.STANDARD, PORTS);

        assertThat(plan.members()).extracting(DemoMember::name)
                .containsExactly("nyc1", "nyc2", "nyc3", "nyc4", "nyc5", "sfc1", "sfc2", "sfc3");
        assertThat(plan.members()).filteredOn(m -> m.site().equals("nyc")).allSatisfy(m -> assertThat(m.sitePorts())
                .containsExactly(7001, 7002, 7003, 7004, 7005));
        assertThat(plan.members()).filteredOn(m -> m.site().equals("sfc")).allSatisfy(m -> assertThat(m.sitePorts())
                .containsExactly(7011, 7012, 7013, 7020));
        assertThat(plan.members()).allMatch(DemoMember::siteMasterEligible);
        assertThat(plan.visitor()).isEqualTo(new DemoMember("Temp", "sfc", 7020, List.of(7011, 7012, 7013, 7020),
                false, 7120, 7220, List.of("nyc")));
        assertThat(plan.site("sfc")).extracting(DemoMember::name).containsExactly("sfc1", "sfc2", "sfc3", "Temp");
    }

    @Test
    void everyMemberServesTheGridBackedUpSynchronouslyToTheOtherSite() {
        DemoPlan plan = DemoPlan.onPorts(DemoLayout.STANDARD, PORTS);
        DemoMember nyc3 = plan.members().get(2);

        assertThat(nyc3.respAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 7103));
        assertThat(nyc3.adminUri()).hasToString("http://127.0.0.1:7203");
        assertThat(nyc3.gridConfig().caches()).singleElement().satisfies(cache -> {
            assertThat(cache.name()).isEqualTo("default");
            assertThat(cache.backups()).singleElement().satisfies(backup -> {
                assertThat(backup.site()).isEqualTo("sfc");
                assertThat(backup.sync()).isTrue();
            });
        });
        assertThat(plan.visitor().gridConfig().caches().get(0).backups()).extracting(b -> b.site())
                .containsExactly("nyc");
    }

    @Test
    void inThisJvmAMemberIsALoopbackRelayNodeOfItsSite() {
        DemoMember visitor = DemoPlan.onPorts(DemoLayout.STANDARD, PORTS).visitor();

        RelayConfig config = visitor.relayConfig("bridge", ROUTERS, null);

        assertThat(config.site()).isEqualTo("sfc");
        assertThat(config.member().cluster()).isEqualTo("sfc");
        assertThat(config.member().name()).isEqualTo("Temp");
        assertThat(config.member().siteMasterEligible()).isFalse();
        assertThat(config.member().tcp().bind()).isEqualTo(new InetSocketAddress("127.0.0.1", 7020));
        assertThat(config.bridges()).singleElement().satisfies(bridge -> {
            assertThat(bridge.name()).isEqualTo("bridge");
            assertThat(bridge.routers()).isEqualTo(ROUTERS);
        });
        assertThat(config.adminPort()).isEqualTo(7220);
    }

    @Test
    void inItsOwnJvmAMemberIsAnXsiteNodeWithTheSameSettings() {
        DemoMember nyc2 = DemoPlan.onPorts(DemoLayout.STANDARD, PORTS).members().get(1);

        assertThat(String.join(" ", nyc2.nodeArguments("bridge", ROUTERS, Path.of("/pki/nyc"))))
                .isEqualTo("node --cluster nyc --name nyc2"
                + " --site nyc --bridge bridge --routers 127.0.0.1[12001],127.0.0.1[12101] --bind 127.0.0.1"
                + " --port 7002 --admin-port 7202 --resp-port 7102 --grid-backups default=sfc:sync"
                + " --discovery static:127.0.0.1[7001],127.0.0.1[7002],127.0.0.1[7003],127.0.0.1[7004],127.0.0.1[7005]"
                + " --heartbeat-interval " + millis(LOOPBACK.heartbeatInterval())
                + " --suspect-timeout " + millis(LOOPBACK.suspectTimeout())
                + " --verify-timeout " + millis(LOOPBACK.verifyTimeout())
                + " --can-become-site-master=true --tls-dir /pki/nyc");
    }

    @Test
    void portsMustBeOnePerMemberAndDistinct() {
        assertThatThrownBy(() -> DemoPlan.onPorts(DemoLayout.STANDARD, PORTS.subList(0, 26)))
                .hasMessageContaining("need 27 distinct ports");
        List<Integer> twice = new java.util.ArrayList<>(PORTS);
        twice.set(1, 7001);
        assertThatThrownBy(() -> DemoPlan.onPorts(DemoLayout.STANDARD, twice))
                .hasMessageContaining("need 27 distinct ports");
    }

    @Test
    void freePortsAreDistinctAndBindable() throws IOException {
        List<Integer> ports = LoopbackPorts.free(9);

        assertThat(ports).hasSize(9).doesNotHaveDuplicates();
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aLayoutNeedsTwoSitesAndTheVisitorsSite() {
        assertThatThrownBy(() -> new DemoLayout(List.of(new DemoSite("nyc", 5)), 2, "bridge", "Temp", "nyc"))
                .hasMessageContaining("at least two sites");
        assertThatThrownBy(() -> new DemoLayout(List.of(new DemoSite("nyc", 5), new DemoSite("sfc", 3)), 2,
                "bridge", "Temp", "lon")).hasMessageContaining("visitor's site lon");
        assertThat(DemoLayout.STANDARD.memberCount()).isEqualTo(8);
    }

    private static String millis(java.time.Duration duration) {
        return duration.toMillis() + "ms";
    }
}
