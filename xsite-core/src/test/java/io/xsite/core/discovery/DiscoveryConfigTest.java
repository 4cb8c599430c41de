package io.xsite.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.core.discovery.DnsDiscoveryConfig.RecordType;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiscoveryConfigTest {
    private static final List<InetSocketAddress> ROUTERS = List.of(InetSocketAddress.createUnresolved("r1", 12001));

    @Test
    void staticTakesBothHostSyntaxes() {
        DiscoveryConfig config = DiscoveryConfig.parse("static:h1:7800, h2[7801]");

        assertThat(config).isEqualTo(new DiscoveryConfig.Static(List.of(
                InetSocketAddress.createUnresolved("h1", 7800), InetSocketAddress.createUnresolved("h2", 7801))));
    }

    @Test
    void dnsAsksForARecordsAtTheDefaultPortOrTheOneGiven() {
        assertThat(DiscoveryConfig.parse("dns:nyc.default.svc.cluster.local")).isEqualTo(
                new DiscoveryConfig.Dns(DnsDiscoveryConfig.a("nyc.default.svc.cluster.local", 7800)));
        assertThat(DiscoveryConfig.parse("DNS:nyc.default.svc.cluster.local:7900")).isEqualTo(
                new DiscoveryConfig.Dns(DnsDiscoveryConfig.a("nyc.default.svc.cluster.local", 7900)));
    }

    @Test
    void dnsPlusSrvAsksForSrvRecords() {
        DiscoveryConfig config = DiscoveryConfig.parse("dns+srv:_xsite._tcp.nyc.default.svc.cluster.local");

        assertThat(config).isEqualTo(new DiscoveryConfig.Dns(
                DnsDiscoveryConfig.srv("_xsite._tcp.nyc.default.svc.cluster.local")));
        assertThat(((DiscoveryConfig.Dns) config).dns().recordType()).isEqualTo(RecordType.SRV);
    }

    @Test
    void routerUsesTheMembersRouterList() {
        assertThat(DiscoveryConfig.parse(" router ")).isEqualTo(DiscoveryConfig.Router.DEFAULTS);
    }

    @Test
    void eachConfigCreatesItsKindOfDiscovery() {
        try (Discovery stat = DiscoveryConfig.parse("static:127.0.0.1:7800").create("nyc", List.of(), null);
             Discovery dns = DiscoveryConfig.parse("dns:nyc.test").create("nyc", List.of(), null);
             Discovery router = DiscoveryConfig.parse("router").create("nyc", ROUTERS, null)) {
            assertThat(stat).isInstanceOf(StaticDiscovery.class);
            assertThat(dns).isInstanceOf(DnsDiscovery.class);
            assertThat(router).isInstanceOf(RouterDiscovery.class);
        }
    }

    @Test
    void routerWithoutRoutersIsRefusedWithAnExample() {
        assertThatThrownBy(() -> DiscoveryConfig.parse("router").create("nyc", List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router-a[12001]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "consul:x", "static:", "static:h1", "dns:", "dns:nyc.test:port", "dns:nyc.test:99999",
            "dns:bad name", "dns+srv:_x._tcp.nyc.test:7800", "router:r1[12001]"})
    void aBadSpecIsNamedInTheErrorWithExamples(String spec) {
        assertThatThrownBy(() -> DiscoveryConfig.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("discovery spec '" + spec + "'")
                .hasMessageContaining(DiscoveryConfig.EXAMPLES);
    }
}
