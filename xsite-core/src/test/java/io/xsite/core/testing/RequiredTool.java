package io.xsite.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * An external program a test needs (dnsmasq, kubectl, redis-cli, ip, ...). Where it is missing, the test is
 * skipped with a message naming it; on CI (environment {@code CI=true}) the test fails instead, so that a CI
 * machine without the tool cannot pass by skipping what it was meant to run. {@code .ci/install-prerequisites}
 * installs the tools that Debian packages.
 */
public final class RequiredTool {
    /** Searched after PATH: a non-root PATH often lacks the sbin directories (dnsmasq, ip, iptables). */
    private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    private RequiredTool() {
    }

    /**
     * The executable {@code command}, or else the calling test skips (fails on CI) naming it.
     *
     * @param neededFor what the test does with it, for the message: "the DNS discovery tests"
     */
    public static Path require(String command, String neededFor) {
        return require(command, neededFor, System.getenv());
    }

    static Path require(String command, String neededFor, Map<String, String> environment) {
        Optional<Path> found = find(command, environment);
        if (found.isEmpty()) {
            unavailable(command + " is not installed (not on PATH nor in " + String.join(", ", SBIN) + "), "
                    + neededFor + " need it: run .ci/install-prerequisites as root", environment);
        }
        return found.orElseThrow();
    }

    /**
     * Skips the calling test with {@code reason}, or on CI fails it: for a tool that is there but unusable, or
     * one {@link #require} cannot judge alone.
     */
    public static void unavailable(String reason) {
        unavailable(reason, System.getenv());
    }

    static void unavailable(String reason, Map<String, String> environment) {
        if (onCi(environment)) {
            Assertions.fail(reason + " (CI=true: a missing tool fails the run instead of skipping tests)");
        }
        Assumptions.abort(reason);
    }

    /** The executable {@code command} on PATH or in an sbin directory. */
    public static Optional<Path> find(String command) {
        return find(command, System.getenv());
    }

    private static Optional<Path> find(String command, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), SBIN.stream())
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static boolean onCi(Map<String, String> environment) {
        return "true".equalsIgnoreCase(environment.getOrDefault("CI", "").strip());
    }
}
