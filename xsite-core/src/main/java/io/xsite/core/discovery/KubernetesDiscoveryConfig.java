package io.xsite.core.discovery;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link KubernetesDiscovery} asks the Kubernetes API for. {@link #DEFAULTS} is the only place defaults
 * are written; build a config with {@link #of} and adjust it with the {@code with...} methods.
 *
 * @param labelSelector  which pods are members, in the API's label selector syntax: {@code app=xsite,site=nyc}
 *                       (also {@code site in (nyc)}, {@code !canary}); the API server has the last word on it
 * @param namespace      the namespace to list pods in; null = the pod's own (its service account's namespace)
 * @param port           the port members listen on (a pod IP carries no port)
 * @param requestTimeout how long one list request may take before it counts as failed
 */
public record KubernetesDiscoveryConfig(String labelSelector, String namespace, int port, Duration requestTimeout) {
    /** Characters of a label selector (keys and values, operators, set syntax, blanks), one alphanumeric at least. */
    private static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9._/=!,() -]*[A-Za-z0-9][A-Za-z0-9._/=!,() -]*");
    /** A namespace is a DNS label (RFC 1123): lower-case letters, digits and '-', at most 63. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** The defaults; the selector is a placeholder that {@link #of} replaces. */
    public static final KubernetesDiscoveryConfig DEFAULTS = new KubernetesDiscoveryConfig("app=xsite", null, 7800,
            Duration.ofSeconds(5));

    public KubernetesDiscoveryConfig {
        Objects.requireNonNull(labelSelector, "labelSelector");
        labelSelector = labelSelector.strip();
        if (labelSelector.isEmpty()) {
            // An empty selector lists every pod of the namespace: never what a cluster wants.
            throw new IllegalArgumentException("the label selector is empty; expected e.g. app=xsite,site=nyc");
        }
        if (!SELECTOR.matcher(labelSelector).matches()) {
            throw new IllegalArgumentException("'" + labelSelector + "' is not a label selector (key=value pairs"
                    + " joined by ',', e.g. app=xsite,site=nyc)");
        }
        if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("'" + namespace + "' is not a namespace (lower-case letters, digits"
                    + " and '-', at most 63, e.g. xsite)");
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is not from 1 to 65535");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
    }

    /** The pods matching {@code labelSelector} in the pod's own namespace, each at {@code port}. */
    public static KubernetesDiscoveryConfig of(String labelSelector, int port) {
        return new KubernetesDiscoveryConfig(labelSelector, DEFAULTS.namespace, port, DEFAULTS.requestTimeout);
    }

    /** This config listing pods in {@code value} instead; null = the pod's own namespace. */
    public KubernetesDiscoveryConfig withNamespace(String value) {
        return new KubernetesDiscoveryConfig(labelSelector, value, port, requestTimeout);
    }

    /** This config with another request timeout. */
    public KubernetesDiscoveryConfig withRequestTimeout(Duration value) {
        return new KubernetesDiscoveryConfig(labelSelector, namespace, port, value);
    }
}
