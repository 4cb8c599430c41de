package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.xsite.cli.DeployedCommand;
import io.xsite.core.member.MemberConfig;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * How the workloads run: non-root on a read-only root filesystem with only {@code /tmp} writable, with
 * resources, without service links; only the router port on a load balancer; a grace period that covers
 * the leave and site-master handover; a PodDisruptionBudget and spreading for the site.
 */
class WorkloadPolicyTest {
    /** Debugger (JDWP), JGroups diagnostics and the reference image's netcat port: never public. */
    private static final Set<Integer> DEBUG_PORTS = Set.of(5005, 7500, 8787, 9000);

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void everyPodRunsAsNonRootOnAReadOnlyRootWithOnlyTmpWritableAndSecretsAndConfigReadOnly(String overlay) {
        for (Deployment deployment : Rendered.of(overlay).all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = Rendered.container(deployment);

            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as("a numeric non-root uid").isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getVolumeMounts()).filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
                    .singleElement().satisfies(mount -> {
                        assertThat(mount.getMountPath()).isEqualTo("/tmp");
                        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(mount.getName()))
                                .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
                    });
            assertThat(container.getVolumeMounts()).filteredOn(mount -> Boolean.TRUE.equals(mount.getReadOnly()))
                    .as("read-only mounts of %s", deployment.getMetadata().getName())
                    .allSatisfy(mount -> assertThat(pod.getVolumes())
                            .filteredOn(v -> v.getName().equals(mount.getName())).singleElement()
                            .satisfies(v -> assertThat(v.getSecret() != null || v.getConfigMap() != null)
                                    .as("volume %s: a Secret or a ConfigMap", v.getName()).isTrue()));
        }
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void everyContainerHasResourcesAndNoServiceLinksThatCouldShadowSettings(String overlay) {
        for (Deployment deployment : Rendered.of(overlay).all(Deployment.class)) {
            Container container = Rendered.container(deployment);

            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");
            // <SERVICE>_PORT=tcp://... from a Service named like a setting's prefix would break the command.
            assertThat(deployment.getSpec().getTemplate().getSpec().getEnableServiceLinks()).isFalse();
        }
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void aLoadBalancerExposesTheRouterPortAndNothingElse(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        for (Service service : rendered.all(Service.class)) {
            if (!"LoadBalancer".equals(service.getSpec().getType())) {
                continue;
            }
            Deployment router = rendered.one(Deployment.class, "gossip-router");
            DeployedCommand command = DeployedCommand.load("router", Rendered.environment(router));

            assertThat(service.getSpec().getSelector()).isEqualTo(router.getSpec().getSelector().getMatchLabels());
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
                assertThat(target(router, port)).as("the router's own port").isEqualTo(command.port())
                        .isNotEqualTo(command.adminPort()).isNotIn(DEBUG_PORTS);
                assertThat(port.getPort()).isNotIn(DEBUG_PORTS);
            });
            assertThat(service.getMetadata().getAnnotations()).as("no PROXY protocol header on the router port")
                    .doesNotContainKey("service.beta.kubernetes.io/aws-load-balancer-proxy-protocol");
        }
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#SITES")
    void theGracePeriodCoversPreStopTheBridgeLeaveAndTheSiteLeave(String overlay) {
        Deployment site = Rendered.of(overlay).one(Deployment.class, "site");
        Duration leave = MemberConfig.DEFAULTS.membership().leaveTimeout();
        int preStop = Rendered.container(site).getLifecycle().getPreStop().getSleep().getSeconds().intValue();

        // A site master first leaves the bridge, then its site; each leave waits at most leaveTimeout.
        long needed = preStop + 2 * leave.toSeconds();
        assertThat(site.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("grace period: preStop %ds + 2 leaves of %ds", preStop, leave.toSeconds())
                .isGreaterThanOrEqualTo(needed).isLessThanOrEqualTo(needed + 30);
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#SITES")
    void aSiteLosesOneMemberAtATimeAndSpreadsOverNodes(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Deployment site = rendered.one(Deployment.class, "site");
        PodDisruptionBudget budget = rendered.one(PodDisruptionBudget.class, "site");
        Service members = rendered.one(Service.class, "site-members");
        var labels = site.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(Rendered.selects(budget.getSpec().getSelector(), labels)).isTrue();
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
        assertThat(site.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(site.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(term -> assertThat(Rendered.selects(term.getPodAffinityTerm().getLabelSelector(), labels))
                        .isTrue());
        assertThat(members.getSpec().getClusterIP()).as("headless").isEqualTo("None");
        assertThat(members.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(labels.entrySet()).containsAll(members.getSpec().getSelector().entrySet());
    }

    private static int target(Deployment deployment, ServicePort port) {
        return ProbePolicyTest.port(Rendered.container(deployment), port.getTargetPort());
    }
}
