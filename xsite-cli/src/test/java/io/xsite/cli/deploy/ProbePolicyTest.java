package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.xsite.cli.DeployedCommand;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The probes of every workload ask its admin endpoint: on the port the command's configuration (as the
 * container's environment leaves it) serves it, at paths that a running router or member really answers.
 */
class ProbePolicyTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void probesAskTheAdminPortThatTheCommandServes(String overlay) {
        for (Deployment deployment : Rendered.of(overlay).all(Deployment.class)) {
            Container container = Rendered.container(deployment);
            DeployedCommand command = DeployedCommand.load(Rendered.command(deployment),
                    Rendered.filled(Rendered.environment(deployment)));

            for (Probe probe : probes(container)) {
                assertThat(port(container, probe.getHttpGet().getPort())).as("probe port of %s in %s",
                        container.getName(), overlay).isEqualTo(command.adminPort());
            }
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).as("liveness: the process only")
                    .isEqualTo("/health");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).as("readiness: in a view")
                    .isEqualTo("/ready");
        }
    }

    @ParameterizedTest
    @FieldSource("io.xsite.cli.deploy.Rendered#OVERLAYS")
    void probePathsAreServedByARunningInstanceOfTheCommand(String overlay) throws Exception {
        for (Deployment deployment : Rendered.of(overlay).all(Deployment.class)) {
            List<Probe> probes = probes(Rendered.container(deployment));
            String command = Rendered.command(deployment);
            try (Admin admin = Admin.start(command)) {
                assertThat(status(admin.address(), "/no-such-path")).as("the check tells a missing path").isEqualTo(404);
                for (Probe probe : probes) {
                    String path = probe.getHttpGet().getPath();
                    // /ready answers 503 until a member is in a view: served, only not ready yet.
                    assertThat(status(admin.address(), path)).as("%s's admin endpoint at %s", command, path)
                            .isIn(200, 503);
                }
                assertThat(status(admin.address(), "/health")).isEqualTo(200);
            }
        }
    }

    private static List<Probe> probes(Container container) {
        List<Probe> probes = List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe());
        assertThat(probes).as("startup, liveness and readiness probes of %s", container.getName())
                .doesNotContainNull().allSatisfy(p -> assertThat(p.getHttpGet()).isNotNull());
        return probes;
    }

    /** The number {@code port} stands for: itself, or the container port of that name. */
    static int port(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    private static int status(InetSocketAddress admin, String path) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A router or member of the command's kind on loopback, with an admin endpoint on an ephemeral port. */
    private record Admin(AutoCloseable running, InetSocketAddress address) implements AutoCloseable {
        static Admin start(String command) {
            return switch (command) {
                case "router" -> {
                    GossipRouter router = GossipRouter.start(RouterConfig.loopback());
                    yield new Admin(router, router.adminAddress().orElseThrow());
                }
                case "node" -> {
                    Member member = Member.start(MemberConfig.loopback("deploy-probes", "probed").withAdminPort(0));
                    yield new Admin(member, member.adminAddress().orElseThrow());
                }
                default -> throw new AssertionError("no server command: " + command);
            };
        }

        @Override
        public void close() throws Exception {
            running.close();
        }
    }
}
