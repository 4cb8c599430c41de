package io.xsite.it.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/** The layout rules of the whole tree (docs/design.md, "Modules" and "Public API"), over its main sources. */
@TestInstance(Lifecycle.PER_CLASS)
class ArchitectureTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Read once for all the tests of the class (one instance for them all). */
    private final PackageGraph graph = PackageGraph.of(ROOT);

    @Test
    void theTreeIsReadWhole() {
        assertThat(graph.module().values()).as("modules read under %s", ROOT)
                .contains("xsite-wire", "xsite-net", "xsite-core", "xsite-router", "xsite-relay", "xsite-grid",
                        "xsite-cli", "xsite-bench");
        assertThat(graph.edges().get("io.xsite.router")).as("the router's imports").contains("io.xsite.wire.gossip");
    }

    @Test
    void noPackageCycles() {
        assertThat(graph.cycles()).as("package cycles").isEmpty();
    }

    @Test
    void theRouterUsesTheWireFormatAndTheNetworkPlumbingOnly() {
        assertThat(importsOf("xsite-router")).as("router imports beyond xsite-wire and xsite-net")
                .allMatch(t -> t.startsWith("io.xsite.router") || t.startsWith("io.xsite.wire.")
                        || t.startsWith("io.xsite.net."));
    }

    @Test
    void wireAndNetUseNothingAboveThem() {
        assertThat(importsOf("xsite-wire")).as("imports of xsite-wire").allMatch(t -> t.startsWith("io.xsite.wire."));
        assertThat(importsOf("xsite-net")).as("imports of xsite-net")
                .allMatch(t -> t.startsWith("io.xsite.wire.") || t.startsWith("io.xsite.net."));
    }

    /** The io.xsite packages the main sources of {@code module} import. */
    private Set<String> importsOf(String module) {
        Set<String> imports = new TreeSet<>();
        graph.edges().forEach((pkg, targets) -> {
            if (module.equals(graph.module().get(pkg))) {
                imports.addAll(targets);
            }
        });
        return imports;
    }
}
