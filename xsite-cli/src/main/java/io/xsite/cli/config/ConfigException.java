package io.xsite.cli.config;

import java.util.List;

/**
 * Configuration that cannot be used. Each problem is one line naming the key and where it came from:
 * {@code invalid XSITE_ROUTER_PORT (environment): "abc" is not a port (0-65535), e.g. 12001}.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    /** One exception for every problem found in one load; {@code problems} is not empty. */
    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each, in the order keys were checked. */
    public List<String> problems() {
        return problems;
    }
}
