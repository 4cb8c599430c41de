package io.xsite.bench.demo;

import io.xsite.cli.chat.ChatResult;
import io.xsite.cli.demo.DemoLayout;
import io.xsite.cli.demo.DemoPlan;
import io.xsite.cli.demo.RunningDemo;
import java.time.Duration;

/**
 * The xsite side: the demo's own in-JVM start ({@link RunningDemo#inJvm}: two xsite routers, nyc 5 and
 * sfc 3 relay nodes started together, each answering chat lines, and Temp in sfc), then the visitor's
 * chat sends a line every round until one is answered by all 9.
 */
final class XsiteStartup {
    private XsiteStartup() {
    }

    /** Starts the demo, measures until the first complete round, then stops it. */
    static FirstRound run(long startNanos, Duration round, Duration timeout) throws InterruptedException {
        DemoPlan plan = DemoPlan.allocate(DemoLayout.STANDARD);
        int everyone = plan.members().size() + 1;
        try (RunningDemo demo = RunningDemo.inJvm(plan, line -> { })) {
            long deadline = startNanos + timeout.toNanos();
            for (int n = 1; System.nanoTime() - deadline < 0; n++) {
                ChatResult result = demo.chat().sendAndAwait("round " + n, everyone, round);
                if (result.replies() == everyone) {
                    return new FirstRound("xsite", Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), n);
                }
            }
            throw new IllegalStateException("xsite: no complete round within " + timeout);
        }
    }
}
