package io.xsite.bench.relay;

import java.lang.management.ManagementFactory;

/** The CPU time this process has used, all threads together: what the members, routers and harness in it cost. */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** Nanoseconds of CPU used so far; only differences mean anything. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report its process CPU time");
    }
}
