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
    void kubernetesListsPodsBySelectorAtTheDefaultPortOrTheOneGiven() {
        assertThat(DiscoveryConfig.parse("kubernetes:app=xsite,site=nyc")).isEqualTo(
                new DiscoveryConfig.Kubernetes(KubernetesDiscoveryConfig.of("app=xsite,site=nyc", 7800)));
        assertThat(DiscoveryConfig.parse("Kubernetes: app.kubernetes.io/name=xsite, site in (nyc):7900")).isEqualTo(
                new DiscoveryConfig.Kubernetes(KubernetesDiscoveryConfig.of(
                        "app.kubernetes.io/name=xsite, site in (nyc)", 7900)));
        assertThat(((DiscoveryConfig.Kubernetes) DiscoveryConfig.parse("kubernetes:app=xsite")).kubernetes()
                .namespace()).as("the pod's own namespace").isNull();
    }

    @Test
    void aKubernetesNamespaceMustBeADnsLabel() {
        KubernetesDiscoveryConfig config = KubernetesDiscoveryConfig.of("app=xsite", 7800);

        assertThat(config.withNamespace("xsite-nyc").namespace()).isEqualTo("xsite-nyc");
        assertThatThrownBy(() -> config.withNamespace("Sites_NYC")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Sites_NYC' is not a namespace");
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
            "dns:bad name", "dns+srv:_x._tcp.nyc.test:7800", "router:r1[12001]", "kubernetes", "kubernetes:",
            "kubernetes: ,", "kubernetes:app=xsite:port", "kubernetes:app=xsite:0", "kubernetes:app=x;rm",
            "kubernetes:app=xsite:99999"})
    void aBadSpecIsNamedInTheErrorWithExamples(String spec) {
        assertThatThrownBy(() -> DiscoveryConfig.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("discovery spec '" + spec + "'")
                .hasMessageContaining(DiscoveryConfig.EXAMPLES);
    }
}
