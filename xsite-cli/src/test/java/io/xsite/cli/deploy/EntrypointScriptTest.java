package io.xsite.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint script, run outside a container with a stand-in {@code java} (a shell script under
 * a fake {@code JAVA_HOME}) that reports what it was started with: the script must replace itself with the
 * JVM (same PID, so SIGTERM reaches the JVM), pass the arguments through unchanged and put the user's JVM
 * options after its defaults. EntrypointIT runs it with the real JVM and jar.
 */
class EntrypointScriptTest {
    private static final Path SCRIPT = EnvironmentPolicyTest.ENTRYPOINT;

    @TempDir
    Path dir;
    private Path jar;

    @BeforeEach
    void jar() throws IOException {
        jar = Files.writeString(dir.resolve("xsite.jar"), "not really a jar: the stand-in java never opens it");
    }

    @Test
    void theScriptExecsJavaWithItsDefaultsThenTheUsersOptionsAndTheArgumentsAsGiven() throws Exception {
        fakeJava("""
                echo "pid=$$"
                for arg in "$@"; do echo "arg=$arg"; done
                """);

        Run run = run(Map.of("XSITE_JAVA_OPTS", "-Xmx64m  -Dxsite.test=yes"), "node", "--name", "a b", "");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines().get(0)).as("java runs in the script's process, replacing it")
                .isEqualTo("pid=" + run.pid());
        assertThat(run.lines().subList(1, run.lines().size())).containsExactly("arg=-XX:MaxRAMPercentage=60",
                "arg=-XX:+ExitOnOutOfMemoryError", "arg=-Xmx64m", "arg=-Dxsite.test=yes", "arg=-jar", "arg=" + jar,
                "arg=node", "arg=--name", "arg=a b", "arg=");
    }

    @Test
    void versionAsksTheJarForItsVersion() throws Exception {
        fakeJava("""
                shift 4
                echo "$@"
                """);

        Run run = run(Map.of(), "version");

        assertThat(run.lines()).containsExactly("--version");
    }

    @Test
    void sigtermReachesJavaWhichThenExitsOnItsOwnTerms() throws Exception {
        fakeJava("""
                trap 'echo "java got TERM"; exit 0' TERM
                echo ready
                while :; do sleep 1 & wait $!; done
                """);
        Process process = start(Map.of(), "node");

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            // SIGTERM to the process the script started as (through its handle: Process.destroy closes the pipes).
            assertThat(process.toHandle().destroy()).isTrue();
            assertThat(out.readLine()).isEqualTo("java got TERM");
            assertThat(process.waitFor()).as("java's own exit code, not the shell's 143").isZero();
        });
    }

    @Test
    void aMissingJarIsOneLineAndExitOne() throws Exception {
        fakeJava("echo should not run");
        Files.delete(jar);

        Run run = run(Map.of(), "node");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).containsExactly("xsite: cannot read the jar " + jar
                + " (set XSITE_JAR to the runnable xsite.jar)");
    }

    private void fakeJava(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Process start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("XSITE_"));
        builder.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        builder.environment().put("XSITE_JAR", jar.toString());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private Run run(Map<String, String> environment, String... args) throws Exception {
        Process process = start(environment, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the script ends").isTrue();
        return new Run(process.pid(), process.exitValue(), out.lines().toList());
    }

    /** What one run of the script did: its PID, exit code and output lines (stdout and stderr). */
    private record Run(long pid, int exitCode, List<String> lines) {
    }
}
