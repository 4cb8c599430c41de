package io.xsite.cli;

import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.router.RouterConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.List;
import java.util.Optional;

/**
 * What {@code xsite router} runs: the router, and the settings of the process around it.
 *
 * @param router         the gossip router
 * @param adminTokenFile the file holding the admin endpoint's bearer token; empty = none
 * @param tlsDir         the directory of {@code tls.crt}, {@code tls.key} and {@code ca.crt}; empty = none
 * @param insecure       whether the router may run without TLS on an address other than loopback
 * @param bridges        with TLS: the bridge clusters every site may register its bridge members in (any other
 *                       group is the cluster of the site it is named after)
 */
record RouterProcessConfig(RouterConfig router, Optional<Path> adminTokenFile, Optional<Path> tlsDir,
                           boolean insecure, List<String> bridges) {
    /** {@link RouterConfig#DEFAULTS}, no admin token, no TLS directory, not insecure, the relay's default bridge. */
    static final RouterProcessConfig DEFAULTS = new RouterProcessConfig(RouterConfig.DEFAULTS, Optional.empty(),
            Optional.empty(), false, List.of(BridgeConfig.DEFAULT_NAME));

    RouterProcessConfig {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(adminTokenFile, "adminTokenFile");
        Objects.requireNonNull(tlsDir, "tlsDir");
        bridges = List.copyOf(bridges);
    }
}
