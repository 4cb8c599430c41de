package io.xsite.bench.infinispan;

import java.time.Duration;
import java.util.List;

/**
 * How every child process of a deployment is started.
 *
 * @param jvmOptions  JVM options of every member and router
 * @param niceness    {@code nice -n} of every child, 0 for none
 * @param timeout     bound on each step of starting a system
 */
record ChildSettings(List<String> jvmOptions, int niceness, Duration timeout) {
    ChildSettings {
        jvmOptions = List.copyOf(jvmOptions);
    }
}
