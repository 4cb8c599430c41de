package io.xsite.bench.grid;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waiting for a started server to be ready: polls a check until it holds, the server dies or time runs out. */
public final class Ready {
    private static final long POLL_MILLIS = 200;

    private Ready() {
    }

    /**
     * Polls {@code check} until it returns true; a check that throws counts as not yet.
     *
     * @throws IllegalStateException with the server's last output if it exits or {@code timeout} passes first
     */
    public static void await(String what, Duration timeout, ServerProcess server, Callable<Boolean> check)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException(server.name() + " exited before " + what + "; its last output:\n"
                        + server.tail());
            }
            try {
                if (check.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            // Polling a child process over a socket: there is no event to wait for.
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("no " + what + " within " + timeout + (last == null ? ""
                : " (last attempt: " + last + ")") + "; last output of " + server.name() + ":\n" + server.tail());
    }
}
