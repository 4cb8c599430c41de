package io.xsite.cli;

import io.xsite.grid.GridConfig;
import io.xsite.grid.resp.RespConfig;
import io.xsite.grid.resp.RespLimits;
import io.xsite.grid.resp.RespPassword;
import io.xsite.net.tls.ReloadingTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

    /**
     * The RESP server's settings: on {@code bind} and this port, with this request limit and password; with
     * {@code tls} (the node's TLS material) it speaks TLS and accepts the CA's client certificates.
     *
     * @throws CommandFailure when the password file cannot be read
     */
    RespConfig resp(InetAddress bind, Optional<ReloadingTls> tls) {
        RespConfig resp = RespConfig.listeningOn(new InetSocketAddress(bind, respPort))
                .withLimits(RespLimits.DEFAULTS.withMaxRequestBytes(respMaxRequestBytes));
        if (respPasswordFile.isPresent()) {
            resp = resp.withPassword(password(respPasswordFile.get()));
        }
        return tls.isPresent() ? resp.withTls(tls.get()) : resp;
    }

    private static RespPassword password(Path file) {
        try {
            return RespPassword.read(file);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage() + " (" + GridSettings.RESP_PASSWORD_FILE.name() + ")", e);
        }
    }
}
