package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.cli.DeployedCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, read as text (no Docker engine runs here): its ports are the commands' default ports, its
 * user is numeric and not root, its entrypoint is exec form and is the script the tests run, and its last
 * stage is a JRE.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = Path.of("..", "deploy", "docker", "Dockerfile").toAbsolutePath()
            .normalize();
    private static List<String> instructions;

    @BeforeAll
    static void read() throws IOException {
        // Continuation lines joined, comments dropped: one instruction per entry.
        instructions = Arrays.stream(Files.readString(DOCKERFILE).replace("\\\n", " ").split("\n"))
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @Test
    void itExposesTheDefaultPortsOfNodeAndRouterAndNothingElse() {
        DeployedCommand node = DeployedCommand.load("node", Map.of());
        DeployedCommand router = DeployedCommand.load("router", Map.of());

        Set<Integer> exposed = instructions("EXPOSE").stream().flatMap(args -> Arrays.stream(args.split("\\s+")))
                .map(port -> Integer.parseInt(port.replace("/tcp", ""))).collect(Collectors.toSet());

        assertThat(exposed).containsExactlyInAnyOrder(node.port(), node.adminPort(), node.respPort(), router.port(),
                router.adminPort());
    }

    @Test
    void itRunsAsANumericNonRootUser() {
        assertThat(instructions("USER")).singleElement().asString().matches("[1-9][0-9]*:[1-9][0-9]*");
    }

    @Test
    void theEntrypointIsExecFormAndIsTheTestedScript() {
        String entrypoint = instructions("ENTRYPOINT").get(0);
        assertThat(entrypoint).as("exec form: a JSON array, no shell in between").startsWith("[\"").endsWith("\"]");
        String path = entrypoint.substring(2, entrypoint.length() - 2);

        assertThat(instructions("COPY")).as("the script copied to the entrypoint's path")
                .anyMatch(copy -> copy.endsWith("deploy/docker/entrypoint.sh " + path));
    }

    @Test
    void itBuildsWithTheWrapperAndRunsOnAJre() {
        List<String> stages = instructions("FROM");

        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).contains("-jdk").endsWith(" AS build");
        assertThat(stages.get(1)).contains("-jre").doesNotContain(" AS ");
        assertThat(instructions("RUN")).anyMatch(run -> run.contains("./mvnw") && run.contains("package"));
    }

    /** The arguments of every instruction {@code name}, flags such as {@code --chown=0:0} included. */
    private static List<String> instructions(String name) {
        return instructions.stream().filter(line -> line.startsWith(name + " "))
                .map(line -> line.substring(name.length() + 1).strip()).toList();
    }
}
