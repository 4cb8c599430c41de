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
 * @param tlsDir         the directory of {@code tls.crt}, {@code tls.key} and {@code ca.crt}; empty = none
 */
record RouterProcessConfig(RouterConfig router, Optional<Path> adminTokenFile, Optional<Path> tlsDir) {
    /** {@link RouterConfig#DEFAULTS}, no admin token, no TLS directory. */
    static final RouterProcessConfig DEFAULTS = new RouterProcessConfig(RouterConfig.DEFAULTS, Optional.empty(),
            Optional.empty());

    RouterProcessConfig {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(adminTokenFile, "adminTokenFile");
        Objects.requireNonNull(tlsDir, "tlsDir");
    }
}
