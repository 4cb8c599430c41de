package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.xsite.cli.DeployedCommand;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The network policies allow what xsite needs and little else, and are not deny-all by mistake: they select
 * pods that exist, their peers select pods that exist in the namespace (or kube-dns), every port a Service
 * sends to is open, a site's members reach each other, DNS and the routers (this cloud's by its pods, the
 * other's at public addresses only), a router opens nothing but DNS, the admin ports are open inside the
 * namespace and to monitoring only, and the grid's RESP port inside the namespace only.
 */
class NetworkPolicyTest {
    private static final Map<String, String> KUBE_DNS = Map.of("k8s-app", "kube-dns");
    private static final Map<String, String> KUBE_SYSTEM = Map.of("kubernetes.io/metadata.name", "kube-system");
    private static final Map<String, String> MONITORING = Map.of("kubernetes.io/metadata.name", "monitoring");
    /** Private, shared, link-local (cloud metadata) and loopback ranges: never a router's public address. */
    private static final List<String> NOT_PUBLIC = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8");
    /** The overlays applied to one namespace of one cloud: its router and its site. */
    private static final List<String> NAMESPACE = List.of("overlays/router", "overlays/nyc");

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void everyPolicyAndEveryPeerSelectsPodsThatExist(String overlay) {
        assertSelectorsMatch(Rendered.of(overlay));
    }

    @Test
    void theKubernetesApiPolicySelectsTheSitePods(@TempDir Path work) {
        assertSelectorsMatch(new Rendered("component", Kustomize.renderWithComponent(work, "overlays/nyc",
                "components/kubernetes-discovery")));
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void everyPortAServiceSendsToIsOpenForItsSenders(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        for (Service service : rendered.all(Service.class)) {
            for (Deployment target : rendered.all(Deployment.class)) {
                Map<String, String> labels = target.getSpec().getTemplate().getMetadata().getLabels();
                if (!labels.entrySet().containsAll(service.getSpec().getSelector().entrySet())) {
                    continue;
                }
                for (ServicePort port : service.getSpec().getPorts()) {
                    int number = ProbePolicyTest.port(Rendered.container(target), port.getTargetPort());
                    // A load balancer's senders are outside the cluster; a headless Service's are the pods themselves.
                    Predicate<List<NetworkPolicyPeer>> senders = "LoadBalancer".equals(service.getSpec().getType())
                            ? List::isEmpty : peers -> peers.stream().anyMatch(p -> selectsPodOf(p, labels));
                    assertThat(ingressAllows(rendered, labels, number, senders))
                            .as("%s port %d of %s is open to its senders", service.getMetadata().getName(), number,
                                    target.getMetadata().getName()).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#SITES")
    void aMemberReachesTheOtherMembersDnsAndTheRouters(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Deployment site = rendered.one(Deployment.class, "site");
        Map<String, String> labels = site.getSpec().getTemplate().getMetadata().getLabels();
        DeployedCommand node = DeployedCommand.load("node", Rendered.filled(Rendered.environment(site)));
        int chatPort = Integer.parseInt(Rendered.environment(site).get("XSITE_CHAT_PORT"));
        NetworkPolicy policy = rendered.one(NetworkPolicy.class, "site");

        for (int port : List.of(node.port(), chatPort)) {
            assertThat(allows(policy.getSpec().getEgress().stream().map(r -> new Rule(r.getTo(), r.getPorts()))
                    .toList(), port, "TCP", peers -> peers.stream().anyMatch(p -> selectsPodOf(p, labels))))
                    .as("egress to member port %d of the site's pods", port).isTrue();
            assertThat(ingressAllows(rendered, labels, port, peers -> peers.stream()
                    .anyMatch(p -> selectsPodOf(p, labels)))).as("ingress to member port %d", port).isTrue();
        }
        for (String protocol : List.of("UDP", "TCP")) {
            assertThat(egress(policy, 53, protocol, peers -> peers.stream().anyMatch(NetworkPolicyTest::isKubeDns)))
                    .as("DNS over %s to kube-dns", protocol).isTrue();
        }
        Rendered routerOverlay = Rendered.of("overlays/router");
        String routerService = routerOverlay.one(Service.class, "gossip-router").getMetadata().getName();
        Map<String, String> routerPods = routerOverlay.one(Deployment.class, "gossip-router").getSpec().getTemplate()
                .getMetadata().getLabels();
        for (InetSocketAddress router : node.routers()) {
            // This cloud's router by its Service (policies see the pod behind it); the other's behind a public
            // load balancer whose addresses a policy cannot name: any public address, nothing private.
            Predicate<List<NetworkPolicyPeer>> peers = router.getHostString().equals(routerService)
                    ? p -> p.stream().anyMatch(peer -> selectsPodOf(peer, routerPods))
                    : p -> p.stream().anyMatch(NetworkPolicyTest::isPublicInternet);
            assertThat(egress(policy, router.getPort(), "TCP", peers)).as("egress to router %s", router).isTrue();
        }
        assertThat(policy.getSpec().getEgress()).as("no egress rule open to every port").allSatisfy(
                rule -> assertThat(rule.getPorts()).isNotEmpty());
        assertThat(policy.getSpec().getEgress()).as("no egress rule open to every destination").allSatisfy(
                rule -> assertThat(rule.getTo()).isNotEmpty());
    }

    @Test
    void theRouterTakesMembersFromAnywhereAndOpensNoConnectionButDns() {
        Rendered rendered = Rendered.of("overlays/router");
        NetworkPolicy policy = rendered.one(NetworkPolicy.class, "gossip-router");
        Deployment router = rendered.one(Deployment.class, "gossip-router");
        DeployedCommand command = DeployedCommand.load("router", Rendered.environment(router));

        assertThat(ingressAllows(rendered, router.getSpec().getTemplate().getMetadata().getLabels(), command.port(),
                List::isEmpty)).as("router port open to every source").isTrue();
        assertThat(policy.getSpec().getPolicyTypes()).contains("Egress");
        assertThat(policy.getSpec().getEgress()).as("a router only accepts connections; DNS for the JVM")
                .singleElement().satisfies(rule -> {
                    assertThat(rule.getTo()).singleElement().matches(NetworkPolicyTest::isKubeDns);
                    assertThat(rule.getPorts()).allSatisfy(
                            port -> assertThat(port.getPort().getIntVal()).isEqualTo(53));
                });
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void theAdminPortIsOpenInsideTheNamespaceAndToMonitoringOnly(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        for (Deployment deployment : rendered.all(Deployment.class)) {
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            int admin = DeployedCommand.load(Rendered.command(deployment),
                    Rendered.filled(Rendered.environment(deployment))).adminPort();
            List<NetworkPolicy> selecting = rendered.all(NetworkPolicy.class).stream()
                    .filter(p -> Rendered.selects(p.getSpec().getPodSelector(), labels))
                    .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress")).toList();

            assertThat(selecting).as("ingress policies of %s", deployment.getMetadata().getName()).isNotEmpty();
            for (NetworkPolicy policy : selecting) {
                assertThat(policy.getSpec().getIngress()).filteredOn(rule -> rule.getPorts().isEmpty()
                                || rule.getPorts().stream().anyMatch(p -> covers(p, admin, "TCP")))
                        .as("rules of %s that open admin port %d", policy.getMetadata().getName(), admin)
                        .isNotEmpty().allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty().allMatch(
                                peer -> isInNamespace(peer) || isMonitoring(peer)));
            }
            assertThat(ingressAllows(rendered, labels, admin, peers -> peers.stream().anyMatch(
                    NetworkPolicyTest::isMonitoring))).as("Prometheus scrapes %s", admin).isTrue();
        }
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#SITES")
    void theGridPortIsOpenToThePodsOfTheNamespaceOnly(String overlay, @TempDir Path root) throws IOException {
        Rendered rendered = Rendered.of(overlay);
        Deployment site = rendered.one(Deployment.class, "site");
        Map<String, String> labels = site.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> client = Rendered.of(Rendered.REDIS_CLI).one(Pod.class, "redis-cli").getMetadata()
                .getLabels();
        int resp = GridPolicyTest.loadAsThePodWould(rendered, site, root).respPort();
        NetworkPolicy policy = rendered.one(NetworkPolicy.class, "site");

        assertThat(ingressAllows(rendered, labels, resp, peers -> peers.stream().anyMatch(p -> selectsPodOf(p, client))))
                .as("the redis-cli pod reaches RESP port %d", resp).isTrue();
        assertThat(policy.getSpec().getIngress()).filteredOn(rule -> rule.getPorts().isEmpty()
                        || rule.getPorts().stream().anyMatch(p -> covers(p, resp, "TCP")))
                .as("rules that open RESP port %d", resp)
                .allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty().allMatch(NetworkPolicyTest::isInNamespace));
    }

    private static void assertSelectorsMatch(Rendered rendered) {
        // The namespace holds this cloud's router and site, each applied by an overlay of its own.
        List<Map<String, String>> pods = new ArrayList<>(rendered.podLabels());
        NAMESPACE.forEach(overlay -> pods.addAll(Rendered.of(overlay).podLabels()));
        for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
            String name = policy.getMetadata().getName();
            assertThat(pods).as("pods selected by policy %s", name)
                    .anyMatch(labels -> Rendered.selects(policy.getSpec().getPodSelector(), labels));
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            policy.getSpec().getIngress().forEach(r -> peers.addAll(r.getFrom()));
            policy.getSpec().getEgress().forEach(r -> peers.addAll(r.getTo()));
            for (NetworkPolicyPeer peer : peers) {
                if (peer.getNamespaceSelector() == null && peer.getPodSelector() != null) {
                    assertThat(pods).as("pods of a peer of policy %s: %s", name, peer.getPodSelector())
                            .anyMatch(labels -> Rendered.selects(peer.getPodSelector(), labels));
                } else if (peer.getNamespaceSelector() != null && KUBE_SYSTEM.equals(
                        peer.getNamespaceSelector().getMatchLabels())) {
                    assertThat(peer.getPodSelector().getMatchLabels()).as("kube-system peer of policy %s", name)
                            .isEqualTo(KUBE_DNS);
                }
            }
        }
    }

    private static boolean ingressAllows(Rendered rendered, Map<String, String> pod, int port,
                                         Predicate<List<NetworkPolicyPeer>> senders) {
        List<NetworkPolicy> selecting = rendered.all(NetworkPolicy.class).stream()
                .filter(p -> Rendered.selects(p.getSpec().getPodSelector(), pod))
                .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress")).toList();
        // Policies add up: one that allows is enough, and none selecting the pod leaves it open.
        return selecting.isEmpty() || selecting.stream().anyMatch(p -> allows(p.getSpec().getIngress().stream()
                .map(r -> new Rule(r.getFrom(), r.getPorts())).toList(), port, "TCP", senders));
    }

    private static boolean egress(NetworkPolicy policy, int port, String protocol,
                                  Predicate<List<NetworkPolicyPeer>> peers) {
        return allows(policy.getSpec().getEgress().stream().map(r -> new Rule(r.getTo(), r.getPorts())).toList(),
                port, protocol, peers);
    }

    private static boolean allows(List<Rule> rules, int port, String protocol, Predicate<List<NetworkPolicyPeer>> peers) {
        return rules.stream().anyMatch(rule -> peers.test(rule.peers()) && (rule.ports().isEmpty()
                || rule.ports().stream().anyMatch(p -> covers(p, port, protocol))));
    }

    private static boolean covers(NetworkPolicyPort rule, int port, String protocol) {
        IntOrString from = rule.getPort();
        if (!protocol.equals(rule.getProtocol() == null ? "TCP" : rule.getProtocol()) || from == null
                || from.getIntVal() == null) {
            return from == null && protocol.equals(rule.getProtocol() == null ? "TCP" : rule.getProtocol());
        }
        int end = rule.getEndPort() == null ? from.getIntVal() : rule.getEndPort();
        return port >= from.getIntVal() && port <= end;
    }

    private static boolean selectsPodOf(NetworkPolicyPeer peer, Map<String, String> labels) {
        return peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null
                && Rendered.selects(peer.getPodSelector(), labels);
    }

    private static boolean isPublicInternet(NetworkPolicyPeer peer) {
        return peer.getIpBlock() != null && "0.0.0.0/0".equals(peer.getIpBlock().getCidr())
                && peer.getIpBlock().getExcept().containsAll(NOT_PUBLIC);
    }

    /** Every pod of the policy's own namespace (an empty pod selector, no namespace selector). */
    private static boolean isInNamespace(NetworkPolicyPeer peer) {
        return peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null
                && (peer.getPodSelector().getMatchLabels() == null || peer.getPodSelector().getMatchLabels().isEmpty());
    }

    private static boolean isMonitoring(NetworkPolicyPeer peer) {
        return peer.getNamespaceSelector() != null && MONITORING.equals(peer.getNamespaceSelector().getMatchLabels())
                && peer.getPodSelector() == null && peer.getIpBlock() == null;
    }

    private static boolean isKubeDns(NetworkPolicyPeer peer) {
        LabelSelector namespaces = peer.getNamespaceSelector();
        return namespaces != null && KUBE_SYSTEM.equals(namespaces.getMatchLabels()) && peer.getPodSelector() != null
                && KUBE_DNS.equals(peer.getPodSelector().getMatchLabels());
    }

    /** One ingress or egress rule: its peers (from or to) and ports. */
    private record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
    }
}
