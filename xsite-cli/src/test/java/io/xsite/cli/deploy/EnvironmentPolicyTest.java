package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.xsite.cli.DeployedCommand;
import io.xsite.cli.config.ConfigException;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.discovery.DnsDiscoveryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The environment the manifests give each container is one the application reads, and reads as meant: the
 * variables come from the commands' configuration schemas (and the image's entrypoint script), never from
 * a list kept here.
 */
class EnvironmentPolicyTest {
    /** The image's launcher; the variables it reads are part of what a container may set. */
    static final Path ENTRYPOINT = Path.of("..", "deploy", "docker", "entrypoint.sh").toAbsolutePath().normalize();
    private static final Pattern SHELL_VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)");

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void everyVariableAManifestSetsIsOneTheApplicationReads(String overlay) throws IOException {
        assertReadVariables(Rendered.of(overlay).all(Deployment.class));
    }

    @Test
    void theKubernetesDiscoveryComponentSetsOnlyVariablesTheNodeReads(@TempDir Path work) throws IOException {
        assertReadVariables(new Rendered("component", Kustomize.renderWithComponent(work, "overlays/nyc",
                "components/kubernetes-discovery")).all(Deployment.class));
    }

    @ParameterizedTest
    @CsvSource({"overlays/nyc, <sfc-router-address>", "overlays/sfc, <nyc-router-address>"})
    void aSiteLeftWithItsPlaceholderStopsEveryMemberWithOneLineNamingTheSetting(String overlay, String placeholder) {
        Deployment site = Rendered.of(overlay).one(Deployment.class, "site");

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> DeployedCommand.load("node", Rendered.environment(site)));

        assertThat(error).as("the node's start with the overlay as it is").isNotNull();
        assertThat(error.problems()).singleElement().asString()
                .startsWith("invalid TUNNEL_INITIAL_HOSTS (environment): ")
                .contains(placeholder, "the host contains '<'", "e.g. router-a[12001],router-b[12001]");
    }

    @ParameterizedTest
    @CsvSource({"overlays/nyc, nyc, 5", "overlays/sfc, sfc, 3"})
    void withTheRouterAddressFilledInEveryMemberIsARelayNodeOfItsSite(String overlay, String site, int replicas) {
        Rendered rendered = Rendered.of(overlay);
        Deployment deployment = rendered.one(Deployment.class, "site");
        Service members = rendered.one(Service.class, "site-members");

        DeployedCommand node = DeployedCommand.load("node", Rendered.filled(Rendered.environment(deployment)));

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(replicas);
        assertThat(node.site()).contains(site);
        assertThat(node.relay()).as("a relay node: site and routers").isTrue();
        // Its own router first: a member sends through the first router it is connected to, so a site listing
        // the other cloud's first would send all its bridge traffic through that cloud's router.
        assertThat(node.routers()).as("this cloud's router by Service name first, the other's by address").hasSize(2)
                .first().satisfies(r -> assertThat(r.getHostString()).isEqualTo("gossip-router"));
        int memberPort = ProbePolicyTest.port(Rendered.container(deployment), new IntOrString("member"));
        assertThat(node.port()).as("the member port the pod declares").isEqualTo(memberPort);
        assertThat(node.discovery()).as("the headless Service's records, at the member port")
                .isEqualTo(new DiscoveryConfig.Dns(DnsDiscoveryConfig.a(members.getMetadata().getName(), memberPort)));
        assertThat(members.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(memberPort));
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void withoutKubernetesDiscoveryNoPodGetsAServiceAccountToken(String overlay) {
        for (Deployment deployment : Rendered.of(overlay).all(Deployment.class)) {
            DeployedCommand command = DeployedCommand.load(Rendered.command(deployment),
                    Rendered.filled(Rendered.environment(deployment)));

            assertThat(command.discovery() instanceof DiscoveryConfig.Kubernetes).as("kubernetes discovery").isFalse();
            assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                    .as("token of %s in %s", deployment.getMetadata().getName(), overlay).isFalse();
        }
    }

    @Test
    void kubernetesDiscoveryHasTheTokenAndARoleToListPodsInItsNamespace(@TempDir Path work) {
        Rendered rendered = new Rendered("component", Kustomize.renderWithComponent(work, "overlays/nyc",
                "components/kubernetes-discovery"));
        Deployment site = rendered.one(Deployment.class, "site");

        DeployedCommand node = DeployedCommand.load("node", Rendered.filled(Rendered.environment(site)));

        assertThat(node.discovery()).isInstanceOfSatisfying(DiscoveryConfig.Kubernetes.class, k -> {
            assertThat(k.kubernetes().namespace()).isEqualTo(site.getMetadata().getNamespace());
            assertThat(k.kubernetes().labelSelector().split(",")).as("the pods the Deployment selects")
                    .containsExactlyInAnyOrderElementsOf(site.getSpec().getSelector().getMatchLabels().entrySet()
                            .stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        });
        assertThat(site.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
        String account = site.getSpec().getTemplate().getSpec().getServiceAccountName();
        RoleBinding binding = rendered.all(RoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(account)))
                .findFirst().orElseThrow(() -> new AssertionError("no RoleBinding for " + account));
        Role role = rendered.one(Role.class, binding.getRoleRef().getName());
        assertThat(binding.getRoleRef().getKind()).as("a namespaced Role, no ClusterRole").isEqualTo("Role");
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list");
        });
    }

    private static void assertReadVariables(List<Deployment> deployments) throws IOException {
        Set<String> entrypoint = entrypointVariables();
        assertThat(entrypoint).as("variables the entrypoint reads").contains("XSITE_JAVA_OPTS");
        for (Deployment deployment : deployments) {
            String command = Rendered.command(deployment);
            Set<String> read = new LinkedHashSet<>(DeployedCommand.variablesOf(command));
            if (command.equals("node")) {
                // A chat or probe runs beside a node with `kubectl exec`, in the same environment.
                DeployedCommand.TOOLS.forEach(tool -> read.addAll(DeployedCommand.variablesOf(tool)));
            }
            read.addAll(entrypoint);
            Map<String, String> env = Rendered.environment(deployment);

            assertThat(env.keySet()).as("variables %s sets for `xsite %s` (read: %s)",
                    deployment.getMetadata().getName(), command, read).isSubsetOf(read);
        }
    }

    /** What the entrypoint script reads: every {@code ${NAME...}} in it. */
    private static Set<String> entrypointVariables() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = SHELL_VARIABLE.matcher(Files.readString(ENTRYPOINT));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
