package io.xsite.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes discovery against fabric8's mock API server on a loopback port: in CRUD mode it stores the pods
 * a test creates and answers list requests with their label selectors as a real API server does; in
 * expectation mode it answers one exact request path with a canned status (403).
 */
class KubernetesDiscoveryTest {
    private static final String SELECTOR = "app=xsite,site=nyc";
    private static final int PORT = 7800;

    private KubernetesMockServer server;
    private KubernetesClient admin;

    @AfterEach
    void stopServer() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void thePodsMatchingTheSelectorGiveTheirIpsAtTheMemberPort() throws Exception {
        startCrudServer();
        create("nyc", pod("nyc-a", "10.1.0.1", "Running", Map.of("app", "xsite", "site", "nyc")));
        create("nyc", pod("nyc-b", "10.1.0.2", "Running", Map.of("app", "xsite", "site", "nyc", "extra", "x")));
        create("nyc", pod("sfc-x", "10.1.0.3", "Running", Map.of("app", "xsite", "site", "sfc")));
        create("nyc", pod("other", "10.1.0.4", "Running", Map.of("app", "nginx")));
        create("elsewhere", pod("nyc-c", "10.2.0.1", "Running", Map.of("app", "xsite", "site", "nyc")));

        try (KubernetesDiscovery discovery = discovery(KubernetesDiscoveryConfig.of(SELECTOR, PORT), "nyc")) {

            assertThat(find(discovery)).as("the pods of namespace nyc labelled app=xsite and site=nyc")
                    .containsExactlyInAnyOrder(at("10.1.0.1"), at("10.1.0.2"));
        }
    }

    @Test
    void podsThatAreNotReadyAreCandidatesButPodsWithoutIpLeavingOrEndedAreNot() throws Exception {
        startCrudServer();
        Map<String, String> labels = Map.of("app", "xsite", "site", "nyc");
        create("nyc", pod("starting", "10.1.0.1", "Pending", labels));
        create("nyc", pod("unscheduled", null, "Pending", labels));
        create("nyc", pod("done", "10.1.0.3", "Succeeded", labels));
        create("nyc", pod("crashed", "10.1.0.4", "Failed", labels));
        // A finalizer keeps a deleted pod listed, marked with its deletion time, as a terminating pod is.
        create("nyc", new PodBuilder(pod("leaving", "10.1.0.5", "Running", labels)).editMetadata()
                .withFinalizers("xsite.io/test").endMetadata().build());
        admin.pods().inNamespace("nyc").withName("leaving").delete();
        assertThat(admin.pods().inNamespace("nyc").withName("leaving").get().getMetadata().getDeletionTimestamp())
                .as("the deleted pod is terminating").isNotNull();

        try (KubernetesDiscovery discovery = discovery(KubernetesDiscoveryConfig.of(SELECTOR, PORT), "nyc")) {

            assertThat(find(discovery)).containsExactly(at("10.1.0.1"));
        }
    }

    @Test
    void everyFindListsAgainSoAPodThatCameOrWentShows() throws Exception {
        startCrudServer();
        Map<String, String> labels = Map.of("app", "xsite", "site", "nyc");
        create("nyc", pod("nyc-a", "10.1.0.1", "Running", labels));

        try (KubernetesDiscovery discovery = discovery(KubernetesDiscoveryConfig.of(SELECTOR, PORT), "nyc")) {
            assertThat(find(discovery)).containsExactly(at("10.1.0.1"));

            create("nyc", pod("nyc-b", "10.1.0.2", "Running", labels));
            assertThat(find(discovery)).as("after nyc-b started").containsExactlyInAnyOrder(at("10.1.0.1"),
                    at("10.1.0.2"));

            admin.pods().inNamespace("nyc").withName("nyc-a").delete();
            assertThat(find(discovery)).as("after nyc-a was deleted").containsExactly(at("10.1.0.2"));
        }
    }

    @Test
    void anExplicitNamespaceWinsOverTheClientsOwn() throws Exception {
        startCrudServer();
        create("sites", pod("nyc-a", "10.3.0.1", "Running", Map.of("app", "xsite", "site", "nyc")));

        KubernetesDiscoveryConfig config = KubernetesDiscoveryConfig.of(SELECTOR, 7900).withNamespace("sites");
        try (KubernetesDiscovery discovery = discovery(config, "nyc")) {

            assertThat(find(discovery)).containsExactly(
                    new Candidate(null, new InetSocketAddress(InetAddress.getByName("10.3.0.1"), 7900)));
        }
    }

    @Test
    void aForbiddenListYieldsNoCandidatesNotAFailedFind() throws Exception {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        String path = "/api/v1/namespaces/nyc/pods?labelSelector=" + URLEncoder.encode(SELECTOR, StandardCharsets.UTF_8);
        server.expect().get().withPath(path).andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("pods is forbidden: User \"system:serviceaccount:nyc:default\" cannot list resource")
                .build()).once();
        server.expect().get().withPath(path).andReturn(200, new PodListBuilder()
                .addToItems(pod("nyc-a", "10.1.0.1", "Running", Map.of("app", "xsite"))).build()).once();

        try (KubernetesDiscovery discovery = discovery(KubernetesDiscoveryConfig.of(SELECTOR, PORT), "nyc")) {
            assertThat(find(discovery)).as("while the Role is missing").isEmpty();

            assertThat(find(discovery)).as("once the API allows the list").containsExactly(at("10.1.0.1"));
        }
    }

    @Test
    void anApiServerThatIsDownYieldsNoCandidates() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Config api = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + closedPort)
                .withNamespace("nyc").build();
        KubernetesDiscoveryConfig config = KubernetesDiscoveryConfig.of(SELECTOR, PORT)
                .withRequestTimeout(Duration.ofSeconds(2));

        try (KubernetesDiscovery discovery = new KubernetesDiscovery(config, api)) {

            assertThat(find(discovery)).isEmpty();
        }
    }

    @Test
    void findFailsAfterClose() throws Exception {
        startCrudServer();
        KubernetesDiscovery discovery = discovery(KubernetesDiscoveryConfig.of(SELECTOR, PORT), "nyc");
        discovery.close();

        assertThatThrownBy(() -> discovery.find().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class);
    }

    private void startCrudServer() throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = server.createClient();
    }

    /** A discovery asking the mock server, whose client's own namespace is {@code clientNamespace}. */
    private KubernetesDiscovery discovery(KubernetesDiscoveryConfig config, String clientNamespace) {
        Config api = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withNamespace(clientNamespace)
                .build();
        return new KubernetesDiscovery(config, api);
    }

    private void create(String namespace, Pod pod) {
        admin.pods().inNamespace(namespace).resource(pod).create();
    }

    private static Pod pod(String name, String ip, String phase, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("xsite").withImage("xsite").endContainer().endSpec()
                .withNewStatus().withPhase(phase).withPodIP(ip).endStatus().build();
    }

    private static List<Candidate> find(Discovery discovery) throws Exception {
        return discovery.find().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Candidate at(String ip) throws IOException {
        return Candidate.at(new InetSocketAddress(InetAddress.getByName(ip), PORT));
    }
}
