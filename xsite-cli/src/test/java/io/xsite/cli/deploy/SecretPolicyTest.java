package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.xsite.cli.DeployedCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Certificates and the admin token come from Secrets: every workload reads its TLS directory and its token
 * file from Secret volumes mounted whole (so that a replaced Secret reaches the files, which the process then
 * reloads), each workload from a TLS Secret of its own, readable by the process only; the cert-manager
 * components issue exactly the Secrets the workloads mount, with the identity each needs.
 */
class SecretPolicyTest {
    /** What a TLS directory holds: the keys of a Kubernetes TLS Secret with the CA beside them. */
    private static final List<String> TLS_FILES = List.of("tls.crt", "tls.key", "ca.crt");
    private static final String ADMIN_TOKEN_SECRET = "xsite-admin-token";

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void everyWorkloadReadsItsCertificatesFromATlsSecretOfItsOwn(String overlay) {
        for (Deployment deployment : Rendered.of(overlay).all(Deployment.class)) {
            DeployedCommand command = load(deployment);

            assertThat(command.tlsDir()).as("XSITE_TLS_DIR of %s", name(deployment)).isPresent();
            SecretVolumeSource secret = mountedSecret(deployment, command.tlsDir().get());
            assertThat(secret.getSecretName()).as("a TLS Secret named after the workload")
                    .isEqualTo(tlsSecret(deployment));
            assertThat(secret.getItems()).as("every key of the Secret, %s", TLS_FILES).isNullOrEmpty();
            assertThat(secret.getOptional()).as("a pod without its certificate does not start").isNotEqualTo(true);
        }
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void everyWorkloadReadsTheAdminTokenFromTheTokenSecret(String overlay) {
        for (Deployment deployment : Rendered.of(overlay).all(Deployment.class)) {
            DeployedCommand command = load(deployment);

            assertThat(command.adminTokenFile()).as("XSITE_ADMIN_TOKEN_FILE of %s", name(deployment)).isPresent();
            Path file = command.adminTokenFile().get();
            SecretVolumeSource secret = mountedSecret(deployment, file.getParent());
            assertThat(secret.getSecretName()).isEqualTo(ADMIN_TOKEN_SECRET);
            assertThat(secret.getItems()).extracting(KeyToPath::getPath).as("the token's file in the mount")
                    .containsExactly(file.getFileName().toString());
        }
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void secretFilesAreReadableByTheProcessAndNoOtherUser(String overlay) {
        for (Deployment deployment : Rendered.of(overlay).all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();

            assertThat(pod.getSecurityContext().getFsGroup()).as("the files' group is the process's")
                    .isEqualTo(pod.getSecurityContext().getRunAsGroup());
            assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.getSecret().getDefaultMode()).as("mode of %s", v.getName())
                            .isEqualTo(0440));
        }
    }

    @Test
    void theRouterAndTheSiteOfACloudMountDifferentTlsSecrets() {
        Deployment router = Rendered.of("overlays/router").one(Deployment.class, "gossip-router");
        Deployment site = Rendered.of("overlays/nyc").one(Deployment.class, "site");

        assertThat(mountedSecret(router, load(router).tlsDir().orElseThrow()).getSecretName())
                .isNotEqualTo(mountedSecret(site, load(site).tlsDir().orElseThrow()).getSecretName());
    }

    @ParameterizedTest
    @CsvSource({"overlays/nyc, nyc", "overlays/sfc, sfc"})
    void certManagerIssuesTheSecretTheSiteMountsForAMemberOfItsSite(String overlay, String site, @TempDir Path work) {
        Rendered rendered = new Rendered("component", Kustomize.renderWithComponent(work, overlay,
                "components/cert-manager/site"));
        Map<String, Object> certificate = spec(rendered, "Certificate", "site");

        assertThat(certificate.get("secretName")).isEqualTo(tlsSecret(rendered.one(Deployment.class, "site")));
        assertThat(certificate.get("uris")).isEqualTo(List.of("urn:xsite:member:" + site));
        assertThat(certificate.get("usages")).asList().contains("server auth", "client auth");
        assertIssuedByTheCa(rendered, certificate);
    }

    @Test
    void certManagerIssuesTheSecretTheRouterMountsForARouter(@TempDir Path work) {
        Rendered rendered = new Rendered("component", Kustomize.renderWithComponent(work, "overlays/router",
                "components/cert-manager/router"));
        Map<String, Object> certificate = spec(rendered, "Certificate", "gossip-router");

        assertThat(certificate.get("secretName"))
                .isEqualTo(tlsSecret(rendered.one(Deployment.class, "gossip-router")));
        assertThat(certificate.get("uris")).asList().singleElement().asString().startsWith("urn:xsite:router:");
        assertThat(certificate.get("usages")).asList().contains("server auth");
        assertIssuedByTheCa(rendered, certificate);
    }

    private static void assertIssuedByTheCa(Rendered rendered, Map<String, Object> certificate) {
        Map<?, ?> issuer = (Map<?, ?>) certificate.get("issuerRef");
        assertThat(issuer.get("kind")).isEqualTo("Issuer");
        Map<String, Object> issuerSpec = spec(rendered, "Issuer", String.valueOf(issuer.get("name")));
        assertThat(issuerSpec.get("ca")).as("a CA issuer, which writes ca.crt beside tls.crt and tls.key")
                .isEqualTo(Map.of("secretName", "xsite-ca"));
    }

    /** The spec of the one {@code kind} called {@code name} (a kind fabric8's model does not have). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Rendered rendered, String kind, String name) {
        List<GenericKubernetesResource> found = rendered.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s in %s", kind, name, rendered.source()).hasSize(1);
        return (Map<String, Object>) found.get(0).getAdditionalProperties().get("spec");
    }

    /** The Secret volume mounted whole, read-only, at {@code dir} in the Deployment's container. */
    private static SecretVolumeSource mountedSecret(Deployment deployment, Path dir) {
        Container container = Rendered.container(deployment);
        List<VolumeMount> mounts = container.getVolumeMounts().stream()
                .filter(m -> Path.of(m.getMountPath()).equals(dir)).toList();
        assertThat(mounts).as("mounts of %s at %s", name(deployment), dir).singleElement().satisfies(mount -> {
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(mount.getSubPath()).as("subPath mounts never see a replaced Secret").isNull();
        });
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mounts.get(0).getName())).findFirst()
                .map(v -> {
                    assertThat(v.getSecret()).as("volume %s of %s", v.getName(), name(deployment)).isNotNull();
                    return v.getSecret();
                }).orElseThrow();
    }

    private static String tlsSecret(Deployment deployment) {
        return name(deployment) + "-tls";
    }

    private static DeployedCommand load(Deployment deployment) {
        return DeployedCommand.load(Rendered.command(deployment), Rendered.filled(Rendered.environment(deployment)));
    }

    private static String name(Deployment deployment) {
        return deployment.getMetadata().getName();
    }
}
