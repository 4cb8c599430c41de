package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every Kustomize directory renders offline, and every object it renders is valid Kubernetes without unknown fields. */
class RenderedManifestsTest {

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void everyOverlayRendersIntoObjectsOfTheModelWithoutUnknownFields(String overlay) {
        Rendered rendered = Rendered.of(overlay);

        assertThat(rendered.objects()).as("objects of %s", overlay).isNotEmpty()
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as("namespace of %s", o.getKind())
                        .isIn("xsite", null));
    }

    @Test
    void theRouterOverlayHoldsTheNamespaceAndTheRouterOnly() {
        assertThat(Rendered.of("overlays/router").names()).containsExactlyInAnyOrder("Namespace/xsite",
                "ServiceAccount/gossip-router", "Deployment/gossip-router", "Service/gossip-router",
                "NetworkPolicy/gossip-router");
    }

    @Test
    void aSiteOverlayHoldsTheSiteOnly() {
        // The grid's ConfigMap is generated: its name ends in a hash of its contents, so that a change rolls the pods.
        assertThat(Rendered.of("overlays/nyc").names()).map(name -> name.replaceFirst("-[a-z0-9]{10}$", ""))
                .containsExactlyInAnyOrder("ServiceAccount/site", "Role/site-pod-reader", "RoleBinding/site-pod-reader",
                        "Deployment/site", "Service/site-members", "Service/grid", "ConfigMap/grid-config",
                        "PodDisruptionBudget/site", "NetworkPolicy/site");
    }

    @Test
    void theRedisCliPodRendersIntoTheNamespace() {
        Rendered rendered = Rendered.of(Rendered.REDIS_CLI);

        assertThat(rendered.names()).containsExactly("Pod/redis-cli");
        assertThat(rendered.objects()).singleElement()
                .satisfies(pod -> assertThat(pod.getMetadata().getNamespace()).isEqualTo("xsite"));
    }

    @Test
    void theWholeBaseRenders() {
        assertThat(Kustomize.render("base")).extracting(HasMetadata::getKind).contains("Namespace", "Deployment",
                "Service", "NetworkPolicy", "PodDisruptionBudget", "Role", "RoleBinding");
    }

    @Test
    void theKubernetesDiscoveryComponentRendersOnASite(@TempDir Path work) {
        List<HasMetadata> objects = Kustomize.renderWithComponent(work, "overlays/sfc",
                "components/kubernetes-discovery");

        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .contains("Deployment/site", "NetworkPolicy/site", "NetworkPolicy/site-kubernetes-api");
    }

    @Test
    void aMisspelledFieldIsRefusedNotIgnored() {
        Deployment parsed = new KubernetesSerialization().unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  selector:
                    matchLabels: {app: typo}
                  template:
                    metadata:
                      labels: {app: typo}
                    spec:
                      containers:
                        - name: node
                          image: xsite
                          portz:
                            - containerPort: 7800
                """, Deployment.class);

        assertThat(StrictModel.unknownFields(parsed))
                .containsExactly("Deployment.spec.template.spec.containers[0]: [portz]");
    }
}
