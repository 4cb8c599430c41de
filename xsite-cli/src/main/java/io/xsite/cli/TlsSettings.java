package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.EnvironmentAlias;
import io.xsite.cli.config.ValueType;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TlsConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure by default (DESIGN.md "Trust"): a node or router that listens on anything but loopback needs TLS
 * material ({@code --tls-dir}: {@code tls.crt}, {@code tls.key}, {@code ca.crt}, as {@code xsite pki} and a
 * Kubernetes TLS Secret lay them out), or {@code --insecure} to say plainly that it runs without.
 */
final class TlsSettings {
    /**
     * The shared key of the TLS directory ({@code --tls-dir}, {@code XSITE_TLS_DIR}, {@code tls.dir} in YAML; see
     * {@link ConfigKey} for how a shared key is spelled in each layer).
     */
    static final String DIRECTORY_KEY = "tls.dir";
    /** The environment variable every command reads {@code insecure} from, besides its own prefixed one. */
    static final String INSECURE_VARIABLE = "XSITE_INSECURE";

    private static final Logger log = LoggerFactory.getLogger(TlsSettings.class);

    private TlsSettings() {
    }

    /** The TLS directory's key in a configuration record {@code R} whose {@code getter} reads it. */
    static <R> ConfigKey<R, Optional<Path>> directoryKey(Function<R, Optional<Path>> getter) {
        return new ConfigKey<>(DIRECTORY_KEY, ValueType.optional(ValueType.PATH), getter, "/etc/xsite/tls");
    }

    /** The key {@code insecure} ({@code --insecure}) in a configuration record {@code R}. */
    static <R> ConfigKey<R, Boolean> insecureKey(Function<R, Boolean> getter) {
        return new ConfigKey<>("insecure", ValueType.BOOLEAN, getter);
    }

    /** {@code XSITE_INSECURE}, which every command reads besides its own {@code XSITE_<COMMAND>_INSECURE}. */
    static <R> EnvironmentAlias<R, Boolean> insecureAlias(ConfigKey<R, Boolean> key) {
        return EnvironmentAlias.of(INSECURE_VARIABLE, key, "true");
    }

    /**
     * The TLS material in {@code directory}, reloaded when its files change; none when there is no directory
     * and the process may run without ({@code insecure}, or listening on loopback only).
     *
     * @param component names the process in messages ({@code node}, {@code router})
     * @param bind      the address the process listens on
     * @throws CommandFailure when there is no directory, the process listens beyond loopback and is not
     *                        insecure, or when the material cannot be used (naming the file and the problem)
     */
    static Optional<ReloadingTls> open(String component, String bind, Optional<Path> directory, boolean insecure) {
        if (directory.isPresent()) {
            try {
                return Optional.of(ReloadingTls.start(TlsConfig.inDirectory(directory.get())));
            } catch (IllegalArgumentException e) {
                throw new CommandFailure("cannot use the TLS material in " + directory.get() + ": " + e.getMessage(),
                        e);
            }
        }
        if (insecure) {
            log.warn("{} runs WITHOUT TLS (insecure): anyone who reaches {} can connect", component, bind);
            return Optional.empty();
        }
        if (!isLoopback(bind)) {
            throw new CommandFailure("refusing to listen on " + bind + " without TLS: set --tls-dir ("
                    + "XSITE_TLS_DIR) to a directory with tls.crt, tls.key and ca.crt (see 'xsite pki'), "
                    + "or --insecure (" + INSECURE_VARIABLE + "=true) for a lab or JGroups interop", null);
        }
        return Optional.empty();
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
