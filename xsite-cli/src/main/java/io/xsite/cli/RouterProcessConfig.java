package io.xsite.cli;

import io.xsite.router.RouterConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code xsite router} runs: the router, and the settings of the process around it.
 *
 * @param router         the gossip router
 * @param adminTokenFile the file holding the admin endpoint's bearer token; empty = none
 */
record RouterProcessConfig(RouterConfig router, Optional<Path> adminTokenFile) {
    /** {@link RouterConfig#DEFAULTS}, no admin token. */
    static final RouterProcessConfig DEFAULTS = new RouterProcessConfig(RouterConfig.DEFAULTS, Optional.empty());

    RouterProcessConfig {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(adminTokenFile, "adminTokenFile");
    }
}
