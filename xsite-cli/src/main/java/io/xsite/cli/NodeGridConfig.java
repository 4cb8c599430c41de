package io.xsite.cli;

import io.xsite.grid.GridConfig;
import io.xsite.grid.resp.RespConfig;
import io.xsite.grid.resp.RespLimits;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The grid a node serves: its caches, and the RESP port clients reach them on. The node's admin endpoint
 * serves {@code /grid/status} and {@code /caches/...} besides; TLS is the node's own ({@code --tls-dir}).
 *
 * @param respPort            the RESP port; -1 = no grid at all
 * @param caches              the caches, identical on every member of the site
 * @param respPasswordFile    the file holding the password RESP clients {@code AUTH} with; empty = none
 * @param respMaxRequestBytes the most bytes one RESP request may hold
 */
record NodeGridConfig(int respPort, GridConfig caches, Optional<Path> respPasswordFile, int respMaxRequestBytes) {
    /** Port 6379, the cache {@code default} with 2 owners, no password, requests up to 512 MiB. */
    static final NodeGridConfig DEFAULTS = new NodeGridConfig(RespConfig.DEFAULT_PORT, GridConfig.defaults(),
            Optional.empty(), RespLimits.DEFAULTS.maxRequestBytes());

    NodeGridConfig {
        Objects.requireNonNull(caches, "caches");
        Objects.requireNonNull(respPasswordFile, "respPasswordFile");
        if (respMaxRequestBytes < 1) {
            throw new IllegalArgumentException("resp-max-request-bytes must be positive: " + respMaxRequestBytes);
        }
    }

    /** Whether the node serves the grid ({@code --resp-port -1} turns it off). */
    boolean enabled() {
        return respPort >= 0;
    }
}
