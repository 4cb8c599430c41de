package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects one Kustomize directory renders, with the look-ups the policy tests share.
 *
 * @param source  the directory, for messages
 * @param objects what it rendered, in order
 */
record Rendered(String source, List<HasMetadata> objects) {
    /** Every directory a user applies: the router overlays and the two sites. */
    static final List<String> OVERLAYS = List.of("overlays/router", "overlays/router-eks", "overlays/router-gke",
            "overlays/nyc", "overlays/sfc");
    /** The site overlays. */
    static final List<String> SITES = List.of("overlays/nyc", "overlays/sfc");
    /** The pod an operator speaks RESP to the grid from (docs/kubernetes.md). */
    static final String REDIS_CLI = "tools/redis-cli";

    /** {@code deploy/k8s/<relative>}, rendered. */
    static Rendered of(String relative) {
        return new Rendered(relative, Kustomize.render(relative));
    }

    /** The objects of {@code type}. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The one object of {@code type} called {@code name}. */
    <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s in %s", type.getSimpleName(), name, source).hasSize(1);
        return found.get(0);
    }

    /** The Deployment's only container (every xsite pod runs one). */
    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of %s", deployment.getMetadata().getName()).hasSize(1);
        return containers.get(0);
    }

    /** The {@code xsite} subcommand the Deployment's container runs (its first argument). */
    static String command(Deployment deployment) {
        List<String> args = container(deployment).getArgs();
        assertThat(args).as("args of %s", deployment.getMetadata().getName()).isNotEmpty();
        return args.get(0);
    }

    /**
     * The container's environment as the process sees it: literal values as they are, downward API fields
     * as a pod would get them ({@code status.podIP} a pod IP, {@code metadata.namespace} the namespace).
     */
    static Map<String, String> environment(Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container(deployment).getEnv()) {
            env.put(var.getName(), var.getValueFrom() == null ? var.getValue()
                    : switch (var.getValueFrom().getFieldRef().getFieldPath()) {
                        case "status.podIP" -> "10.1.2.3";
                        case "metadata.namespace" -> deployment.getMetadata().getNamespace();
                        default -> throw new AssertionError("unexpected downward API field in "
                                + deployment.getMetadata().getName() + ": " + var.getValueFrom());
                    });
        }
        return env;
    }

    /** {@code environment} with every {@code <...>} placeholder (a router address to fill in) set to a host name. */
    static Map<String, String> filled(Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((name, value) -> env.put(name, value.replaceAll("<[a-z-]+>", "router.example.net")));
        return env;
    }

    /** Whether a pod labelled {@code labels} is selected by {@code selector} (matchLabels; the manifests use no expressions). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions()).as("selector expressions (not used by the manifests)").isEmpty();
        return selector.getMatchLabels() == null || labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    /** The labels of the Deployments' pods. */
    List<Map<String, String>> podLabels() {
        return all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getMetadata().getLabels()).toList();
    }

    /** The names of the objects, for messages. */
    Set<String> names() {
        return Set.copyOf(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
    }
}
