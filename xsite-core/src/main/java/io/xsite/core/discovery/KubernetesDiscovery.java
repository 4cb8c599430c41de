package io.xsite.core.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery through the Kubernetes API: the pods of one namespace that match a label selector, each pod's IP
 * at the configured port. Every {@link #find()} lists the pods again, so a pod that came or went since the
 * last call shows at once. Pods that are not ready are candidates too (as a headless service with
 * {@code publishNotReadyAddresses: true} lists them): a member becomes ready only after it joined, so
 * waiting for readiness would keep the first members from ever finding each other.
 *
 * <p>Left out: pods without an IP yet (not scheduled or not started), pods being deleted (they are leaving
 * the cluster) and pods that ended ({@code Succeeded}, {@code Failed}). A request that fails (API server
 * down, or HTTP 403 because the pod's ServiceAccount may not list pods) yields no candidates and one log
 * line per outage ({@link FailureLog}), never a failed {@code find()}.
 *
 * <p>The request blocks, so it runs on this discovery's own thread ({@code xsite-discovery-kubernetes}).
 * The fabric8 client retries nothing: the member calls {@code find()} again soon anyway.
 */
final class KubernetesDiscovery implements Discovery {
    private static final Logger log = LoggerFactory.getLogger(KubernetesDiscovery.class);
    /** Phases of a pod whose containers have all stopped for good. */
    private static final Set<String> ENDED = Set.of("Succeeded", "Failed");
    /** The namespace kubectl uses when the configuration names none. */
    private static final String DEFAULT_NAMESPACE = "default";

    private final KubernetesDiscoveryConfig config;
    private final KubernetesClient client;
    private final String source;
    private final ParallelLookup<String> lookup;
    private final FailureLog failures = new FailureLog(log);

    /**
     * A discovery asking the API server of the cluster this process runs in, with the pod's service account
     * (fabric8's auto-configuration: {@code KUBERNETES_SERVICE_HOST}, the token and CA mounted under
     * {@code /var/run/secrets/kubernetes.io/serviceaccount}; outside a pod, the kubeconfig).
     */
    public static KubernetesDiscovery inCluster(KubernetesDiscoveryConfig config) {
        return new KubernetesDiscovery(config, Config.autoConfigure(null));
    }

    /**
     * A discovery asking the API server that {@code api} describes; the request timeout is the config's
     * and retries are off, whatever {@code api} says.
     *
     * @param config what to ask for; its namespace, when null, is {@code api}'s, else {@value #DEFAULT_NAMESPACE}
     * @param api    where the API server is and how to authenticate; not modified
     */
    public KubernetesDiscovery(KubernetesDiscoveryConfig config, Config api) {
        this.config = Objects.requireNonNull(config, "config");
        int timeoutMillis = Math.toIntExact(config.requestTimeout().toMillis());
        Config tuned = new ConfigBuilder(Objects.requireNonNull(api, "api")).withRequestTimeout(timeoutMillis)
                .withConnectionTimeout(timeoutMillis).withRequestRetryBackoffLimit(0).build();
        this.client = new KubernetesClientBuilder().withConfig(tuned).build();
        String namespace = config.namespace() != null ? config.namespace()
                : client.getNamespace() != null ? client.getNamespace() : DEFAULT_NAMESPACE;
        this.source = "Kubernetes pods " + config.labelSelector() + " in namespace " + namespace + " at "
                + tuned.getMasterUrl();
        this.lookup = new ParallelLookup<>("xsite-discovery-kubernetes", List.of(namespace), this::list);
    }

    @Override
    public CompletionStage<List<Candidate>> find() {
        return lookup.run();
    }

    /** Stops the lookup thread and closes the API client. */
    @Override
    public void close() {
        lookup.close();
        client.close();
    }

    private List<Candidate> list(String namespace) {
        List<Pod> pods;
        try {
            pods = client.pods().inNamespace(namespace).withLabelSelector(config.labelSelector()).list().getItems();
        } catch (RuntimeException e) {
            // Refused, unreachable or garbled: every case means no candidates from the API this time.
            failures.failed(source, describe(e, namespace));
            return List.of();
        }
        failures.succeeded(source);
        List<Candidate> found = new ArrayList<>(pods.size());
        for (Pod pod : pods) {
            Candidate candidate = candidate(pod, config.port());
            if (candidate != null) {
                found.add(candidate);
            }
        }
        log.debug("{} found {} of {} pod(s): {}", source, found.size(), pods.size(), found);
        return found;
    }

    /** The candidate {@code pod} stands for, or null when it has no IP, is being deleted or has ended. */
    private static Candidate candidate(Pod pod, int port) {
        PodStatus status = pod.getStatus();
        if (pod.getMetadata() == null || pod.getMetadata().getDeletionTimestamp() != null || status == null
                || ENDED.contains(status.getPhase()) || status.getPodIP() == null) {
            return null;
        }
        // Only a literal: getByName would query DNS for anything else the API might send.
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(status.getPodIP());
        if (ip == null) {
            log.debug("pod {} has IP '{}', which is not an address; left out", pod.getMetadata().getName(),
                    status.getPodIP());
            return null;
        }
        return Candidate.at(new InetSocketAddress(ip, port));
    }

    /** What went wrong, with the fix for the failures that have a known one. */
    private static String describe(RuntimeException e, String namespace) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        if (e instanceof KubernetesClientException k && k.getCode() == 403) {
            String said = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage()
                    : message;
            return "HTTP 403 forbidden: the pod's ServiceAccount needs a Role allowing get and list on pods in"
                    + " namespace " + namespace + ", bound to it by a RoleBinding (" + said + ")";
        }
        if (e instanceof KubernetesClientException k && k.getCode() == 401) {
            return "HTTP 401 unauthorized: no valid service account token (automountServiceAccountToken false?)";
        }
        // fabric8 says only which operation failed; the reason (refused, timed out, unknown host) is at the root.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? message : message + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
    }
}
