package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ValueType;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The setting {@code tls.dir} that every command shares: the directory holding {@code tls.crt}, {@code tls.key}
 * and {@code ca.crt}, the keys of a Kubernetes TLS Secret as cert-manager and {@code xsite pki} write them
 * ({@code --tls-dir}, {@code XSITE_TLS_DIR}).
 *
 * <p>Only the schema entry lives here, so that the Kubernetes manifests may set {@code XSITE_TLS_DIR}: loading
 * the files and refusing a non-loopback bind without them come with the TLS transport, which reads
 * {@link NodeConfig#tlsDir()} and {@link RouterProcessConfig#tlsDir()}.
 */
final class TlsDirectory {
    /** The key's name; see {@link ConfigKey} for how a shared key is spelled in each layer. */
    static final String NAME = "tls.dir";

    private TlsDirectory() {
    }

    /** The key of a configuration record {@code R} whose TLS directory {@code getter} reads. */
    static <R> ConfigKey<R, Optional<Path>> key(Function<R, Optional<Path>> getter) {
        return new ConfigKey<>(NAME, ValueType.optional(ValueType.PATH), getter, "/etc/xsite/tls");
    }
}
