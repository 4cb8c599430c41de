package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.xsite.cli.DeployedCommand;
import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The grid on Kubernetes: each site serves RESP inside its cluster through a ClusterIP Service on the port the
 * node listens on, with TLS; its caches and backup sites come from a ConfigMap the node reads with its own
 * parser, the cache {@code default} backed up synchronously to the other site; and the redis-cli pod of the
 * walkthrough has a certificate of its own.
 */
class GridPolicyTest {
    private static final String TLS_DIR = "/etc/xsite/tls";

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#SITES")
    void aClusterIpServiceSendsToTheRespPortOfTheSitesMembersOnly(String overlay, @TempDir Path root)
            throws IOException {
        Rendered rendered = Rendered.of(overlay);
        Deployment site = rendered.one(Deployment.class, "site");
        Service grid = rendered.one(Service.class, "grid");
        Map<String, String> pods = site.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> routerPods = Rendered.of("overlays/router").one(Deployment.class, "gossip-router")
                .getSpec().getTemplate().getMetadata().getLabels();

        DeployedCommand node = loadAsThePodWould(rendered, site, root);

        assertThat(grid.getSpec().getType()).as("inside the cluster only").isIn("ClusterIP", null);
        assertThat(grid.getSpec().getClusterIP()).as("a virtual address, not headless").isNotEqualTo("None");
        assertThat(pods.entrySet()).as("the site's pods").containsAll(grid.getSpec().getSelector().entrySet());
        assertThat(routerPods.entrySet().containsAll(grid.getSpec().getSelector().entrySet()))
                .as("the router's pods selected too").isFalse();
        assertThat(node.respPort()).as("the node serves the grid").isPositive();
        assertThat(grid.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(ProbePolicyTest.port(Rendered.container(site), port.getTargetPort()))
                    .as("the container port the Service sends to").isEqualTo(node.respPort());
            assertThat(port.getPort()).as("Redis' port for clients").isEqualTo(node.respPort());
        });
        assertThat(node.tlsDir()).as("RESP speaks TLS with the member's certificate (XSITE_TLS_DIR)")
                .contains(Path.of(TLS_DIR));
    }

    @ParameterizedTest
    @CsvSource({"overlays/nyc, sfc", "overlays/sfc, nyc"})
    void theGridConfigMapBacksTheDefaultCacheUpToTheOtherSiteSynchronously(String overlay, String other,
                                                                         @TempDir Path root) throws IOException {
        Rendered rendered = Rendered.of(overlay);

        DeployedCommand node = loadAsThePodWould(rendered, rendered.one(Deployment.class, "site"), root);

        assertThat(node.grid().caches()).singleElement().satisfies(cache -> {
            assertThat(cache.name()).isEqualTo(CacheConfig.DEFAULT_CACHE);
            assertThat(cache.owners()).isEqualTo(2);
            assertThat(cache.backups()).singleElement().satisfies(backup -> {
                assertThat(backup.site()).isEqualTo(other);
                assertThat(backup.strategy()).isEqualTo(BackupConfig.Strategy.SYNC);
                // The other site's loss must not stop this site's writes: they succeed and are sent later.
                assertThat(backup.failurePolicy()).isEqualTo(BackupConfig.FailurePolicy.WARN);
            });
        });
        assertThat(node.site()).as("not a backup of itself").isPresent().get().isNotEqualTo(other);
    }

    @Test
    void theBaseSiteServesTheDefaultCacheWithoutBackups(@TempDir Path root) throws IOException {
        Rendered rendered = Rendered.of("base/site");
        Deployment site = rendered.one(Deployment.class, "site");

        DeployedCommand node = loadAsThePodWould(rendered, site, root);

        assertThat(node.grid().caches()).singleElement()
                .satisfies(cache -> assertThat(cache.backups()).as("a backup site only where an overlay names it")
                        .isEmpty());
    }

    @Test
    void theRedisCliPodHasATlsSecretOfItsOwnAndMeetsTheRestrictedStandard() {
        Pod pod = Rendered.of(Rendered.REDIS_CLI).one(Pod.class, "redis-cli");
        PodSpec spec = pod.getSpec();
        Container container = spec.getContainers().get(0);
        List<String> siteSecrets = Rendered.of("overlays/nyc").one(Deployment.class, "site").getSpec().getTemplate()
                .getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                .map(v -> v.getSecret().getSecretName()).toList();

        VolumeMount tls = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(TLS_DIR))
                .findFirst().orElseThrow(() -> new AssertionError("no mount at " + TLS_DIR));
        Volume volume = volume(spec, tls.getName());
        assertThat(tls.getReadOnly()).isTrue();
        assertThat(volume.getSecret().getItems()).as("tls.crt, tls.key and ca.crt: the whole Secret").isNullOrEmpty();
        assertThat(volume.getSecret().getSecretName()).as("a client's certificate, never a member's key")
                .isEqualTo("grid-client-tls").isNotIn(siteSecrets);
        assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(spec.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
    }

    /**
     * The configuration {@code deployment}'s container loads as its pod would: its args, its environment (router
     * addresses filled in), and the files of its ConfigMap volumes, written under {@code root} where the
     * container mounts them (args naming a file there are pointed at {@code root}).
     */
    static DeployedCommand loadAsThePodWould(Rendered rendered, Deployment deployment, Path root) throws IOException {
        Container container = Rendered.container(deployment);
        List<String> mounts = new ArrayList<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = volume(deployment.getSpec().getTemplate().getSpec(), mount.getName());
            if (volume.getConfigMap() != null) {
                ConfigMap map = rendered.one(ConfigMap.class, volume.getConfigMap().getName());
                Path dir = Files.createDirectories(underRoot(root, mount.getMountPath()));
                for (Map.Entry<String, String> file : map.getData().entrySet()) {
                    Files.writeString(dir.resolve(file.getKey()), file.getValue());
                }
                mounts.add(mount.getMountPath() + "/");
            }
        }
        List<String> args = container.getArgs().stream()
                .map(arg -> mounts.stream().anyMatch(arg::startsWith) ? underRoot(root, arg).toString() : arg)
                .toList();
        return DeployedCommand.load(args, Rendered.filled(Rendered.environment(deployment)));
    }

    private static Path underRoot(Path root, String absolute) {
        return root.resolve(absolute.substring(1));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
