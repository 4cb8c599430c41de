package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The image's entrypoint script outside a container with the real JVM and the packaged jar (so it runs
 * after {@code package}): the way a container starts, and what a crash-looping pod's log shows.
 */
class EntrypointIT {
    private static final Path JAR = Path.of("target", "xsite.jar").toAbsolutePath();

    @Test
    void versionPrintsTheVersion() throws Exception {
        Result result = run(List.of(), "version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains(System.getProperty("xsite.version"));
    }

    @Test
    void aMalformedSettingStopsTheNodeWithOneLineNamingItWhatIsWrongAndAGoodValue() throws Exception {
        Result result = run(List.of("TUNNEL_INITIAL_HOSTS=router-a:12001,,", "SITE=nyc"), "node");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("node: invalid TUNNEL_INITIAL_HOSTS (environment): \"router-a:12001,,\"")
                .contains("entry 2 '': the entry is empty (stray comma?)", "e.g. router-a[12001],router-b[12001]");
    }

    private static Result run(List<String> environment, String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged jar").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(EnvironmentPolicyTest.ENTRYPOINT.toString());
        builder.command().addAll(List.of(args));
        builder.environment().keySet().removeIf(name -> name.startsWith("XSITE_"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("XSITE_JAR", JAR.toString());
        builder.environment().put("XSITE_JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        for (String assignment : environment) {
            int eq = assignment.indexOf('=');
            builder.environment().put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        Path err = Files.createTempFile("entrypoint", ".err");
        try {
            Process process = builder.redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("xsite %s ends", List.of(args)).isTrue();
            return new Result(process.exitValue(), out, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }

    private record Result(int exitCode, String out, String err) {
    }
}
