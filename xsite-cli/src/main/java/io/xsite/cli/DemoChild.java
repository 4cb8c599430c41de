package io.xsite.cli;

import java.util.Arrays;

/**
 * The main class of the demo's child JVMs: {@code DemoChild PARENT_PID XSITE_ARGS...} runs {@code xsite
 * XSITE_ARGS} and exits (through its shutdown hooks, so a node still leaves gracefully) as soon as the
 * process {@code PARENT_PID} has ended. That is what stops the children when the demo's JVM is killed
 * with SIGKILL, which runs no shutdown hook of the demo's own.
 */
public final class DemoChild {
    private DemoChild() {
    }

    /** Watches the parent, then runs {@code xsite} with the remaining arguments. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: DemoChild PARENT_PID XSITE_ARGS...");
            System.exit(2);
        }
        long parent = Long.parseLong(args[0]);
        ProcessHandle.of(parent).ifPresentOrElse(
                handle -> handle.onExit().thenRun(DemoChild::parentGone),
                DemoChild::parentGone);
        XsiteCommand.main(Arrays.copyOfRange(args, 1, args.length));
    }

    private static void parentGone() {
        System.err.println("demo child: the demo's JVM is gone; stopping");
        System.exit(0);
    }
}
