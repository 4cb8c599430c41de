package io.xsite.grid.resp;

import io.xsite.net.tls.ReloadingTls;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The RESP server's settings.
 *
 * @param bind     where it listens
 * @param limits   what one connection may hold
 * @param password the password clients {@code AUTH} with; empty = none
 * @param tls      the process's TLS material: with it the port speaks TLS 1.3 only, and a client certificate of
 *                 the deployment's CA authenticates like {@code AUTH} (required when there is no password)
 */
public record RespConfig(InetSocketAddress bind, RespLimits limits, Optional<RespPassword> password,
                         Optional<ReloadingTls> tls) {
    /** Redis' port. */
    public static final int DEFAULT_PORT = 6379;

    /** Checks the settings. */
    public RespConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
    }

    /** Plain, open RESP on {@code bind} with the default limits. */
    public static RespConfig listeningOn(InetSocketAddress bind) {
        return new RespConfig(bind, RespLimits.DEFAULTS, Optional.empty(), Optional.empty());
    }

    /** These settings with {@code value} as the limits. */
    public RespConfig withLimits(RespLimits value) {
        return new RespConfig(bind, value, password, tls);
    }

    /** These settings with {@code value} as the password. */
    public RespConfig withPassword(RespPassword value) {
        return new RespConfig(bind, limits, Optional.of(value), tls);
    }

    /** These settings with TLS from {@code value}. */
    public RespConfig withTls(ReloadingTls value) {
        return new RespConfig(bind, limits, password, Optional.of(value));
    }
}
