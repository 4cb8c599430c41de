package io.xsite.cli.demo;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.cli.DemoChild;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's child JVMs (real {@code xsite router} processes): stopped on close, killed one by one, and gone
 * soon after the demo's JVM is SIGKILLed. */
class ChildProcessesTest {
    private static final List<String> ROUTER = List.of("router", "--bind", "127.0.0.1", "--port", "0",
            "--admin-port", "-1");

    @TempDir
    Path logs;

    private ChildProcesses children;
    private Process parent;

    @AfterEach
    void stopEverything() {
        if (children != null) {
            children.close();
        }
        if (parent != null) {
            parent.destroyForcibly();
        }
    }

    @Test
    void closeStopsEveryChild() throws Exception {
        children = new ChildProcesses(logs, DemoChild.class);
        Process first = children.start("router-1", ROUTER);
        Process second = children.start("router-2", ROUTER);

        children.close();

        assertThat(first.isAlive()).as("router-1 after close").isFalse();
        assertThat(second.isAlive()).as("router-2 after close").isFalse();
        assertThat(children.unexpectedExit()).as("a stopped child is not an unexpected exit").isEmpty();
    }

    @Test
    void killEndsOnlyThatChild() throws Exception {
        children = new ChildProcesses(logs, DemoChild.class);
        Process killed = children.start("killed", ROUTER);
        Process kept = children.start("kept", ROUTER);

        children.kill("killed");

        assertThat(killed.isAlive()).isFalse();
        assertThat(killed.exitValue()).as("SIGKILL's exit status").isEqualTo(128 + 9);
        assertThat(kept.isAlive()).isTrue();
        assertThat(children.unexpectedExit()).isEmpty();
    }

    @Test
    void aChildThatExitsByItselfIsReportedWithItsLastLogLine() throws Exception {
        children = new ChildProcesses(logs, DemoChild.class);
        children.start("bad", List.of("router", "--port", "not-a-port"));

        Optional<String> exit = await("the child with a bad flag exits").atMost(ofSeconds(30))
                .pollInterval(ofMillis(100)).until(children::unexpectedExit, Optional::isPresent);

        assertThat(exit.orElseThrow()).startsWith("bad (pid ").contains("exited with code 2: router: invalid --port");
        assertThat(children.log("bad")).content().contains("not-a-port");
    }

    @Test
    void childrenStopWhenTheDemoJvmIsKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        parent = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ChildProcessesParent.class.getName(), logs.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            childPid = Long.parseLong(out.readLine().strip());
        }
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        assertThat(child.isAlive()).as("the router child before its parent dies").isTrue();

        parent.destroyForcibly();

        await("the router child ends once its parent was SIGKILLed (no shutdown hook ran)").atMost(ofSeconds(20))
                .pollInterval(ofMillis(100)).until(() -> !child.isAlive());
    }
}
