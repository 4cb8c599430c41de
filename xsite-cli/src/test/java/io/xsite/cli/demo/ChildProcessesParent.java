package io.xsite.cli.demo;

import io.xsite.cli.DemoChild;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for the demo's JVM in {@link ChildProcessesTest}: starts one router child through
 * {@link ChildProcesses}, prints the child's pid and waits until it is killed.
 */
public final class ChildProcessesParent {
    private ChildProcessesParent() {
    }

    /** {@code ChildProcessesParent LOG_DIRECTORY}. */
    public static void main(String[] args) throws Exception {
        ChildProcesses children = new ChildProcesses(Path.of(args[0]), DemoChild.class);
        Process router = children.start("router",
                List.of("router", "--bind", "127.0.0.1", "--port", "0", "--admin-port", "-1"));
        System.out.println(router.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
