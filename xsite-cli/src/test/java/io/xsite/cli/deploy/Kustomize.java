package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.xsite.core.testing.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Renders the repository's Kustomize directories with {@code kubectl kustomize} (offline: no cluster is
 * asked) and parses every object with fabric8's Kubernetes model, refusing unknown fields
 * ({@link StrictModel}). Kinds the model does not have (cert-manager's Issuer and Certificate) parse as
 * {@link GenericKubernetesResource}, whose fields the tests check themselves. Where kubectl is not installed,
 * the calling test is skipped and says so, or fails on CI.
 *
 * <p>The policy tests ask for the same dozen directories over and over, and each {@code kubectl kustomize}
 * takes most of a second: what kubectl printed for a directory (or an overlay with a component) is kept for
 * the test JVM, as the checked-in manifests do not change during a run. Only the text is kept; every call
 * parses and checks objects of its own, so no test sees another's objects.
 */
final class Kustomize {
    /** {@code deploy/k8s} of this checkout; tests run in the module directory. */
    static final Path K8S = Path.of("..", "deploy", "k8s").toAbsolutePath().normalize();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** What {@code kubectl kustomize} printed, by directory under {@link #K8S} (or overlay and component). */
    private static final Map<String, String> PRINTED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /**
     * {@code kubectl}, or else the calling test skips (fails on CI) saying so. Debian's kubernetes-client (1.20)
     * is too old for the overlays' components, so {@code .ci/install-prerequisites} cannot install it: the
     * machine's own kubectl is used.
     */
    private static Path kubectl() {
        return RequiredTool.require("kubectl", "the Kustomize tests (kubectl 1.32 with Kustomize 5.5, as the"
                + " overlays were written for)");
    }

    /** The objects of {@code deploy/k8s/<relative>}, each parsed strictly. */
    static List<HasMetadata> render(String relative) {
        return parse(PRINTED.computeIfAbsent(relative, key -> run(kubectl(), K8S.resolve(relative))), relative);
    }

    /**
     * The objects of a site overlay with a component added, through a kustomization written in {@code work}
     * (Kustomize takes only relative paths to other directories).
     */
    static List<HasMetadata> renderWithComponent(Path work, String overlay, String component) {
        String source = overlay + " with " + component;
        String yaml = PRINTED.computeIfAbsent(source, key -> {
            writeKustomization(work, overlay, component);
            return run(kubectl(), work);
        });
        return parse(yaml, source);
    }

    /** The objects of {@code yaml}, rendered from {@code source}, each parsed strictly. */
    private static List<HasMetadata> parse(String yaml, String source) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (!document.isBlank()) {
                HasMetadata object = SERIALIZATION.unmarshal(document, HasMetadata.class);
                List<String> unknown = object instanceof GenericKubernetesResource ? List.of()
                        : StrictModel.unknownFields(object);
                assertThat(unknown).as("unknown fields in %s %s rendered from %s", object.getKind(),
                        object.getMetadata().getName(), source).isEmpty();
                objects.add(object);
            }
        }
        return objects;
    }

    private static void writeKustomization(Path work, String overlay, String component) {
        Path rel = work.toAbsolutePath().relativize(K8S);
        try {
            Files.writeString(work.resolve("kustomization.yaml"), """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    resources:
                      - %s
                    components:
                      - %s
                    """.formatted(rel.resolve(overlay), rel.resolve(component)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(Path kubectl, Path dir) {
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectError(errors.toFile()).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize %s ends", dir).isTrue();
                assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir, Files.readString(errors))
                        .isZero();
                return out;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + dir, e);
        }
    }
}
