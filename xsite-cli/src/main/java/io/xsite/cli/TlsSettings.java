package io.xsite.cli;

import io.xsite.core.tls.ReloadingTls;
import io.xsite.core.tls.TlsConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure by default (DESIGN.md "Trust"): a node or router that listens on anything but loopback needs TLS
 * material ({@code --tls-dir}: {@code tls.crt}, {@code tls.key}, {@code ca.crt}, as {@code xsite pki} and a
 * Kubernetes TLS Secret lay them out), or {@code --insecure} to say plainly that it runs without.
 */
final class TlsSettings {
    /** The directory the manifests mount the TLS Secret at. */
    static final String EXAMPLE_DIRECTORY = "/etc/xsite/tls";
    /** The environment variable every command reads the TLS directory from. */
    static final String DIRECTORY_VARIABLE = "XSITE_TLS_DIR";
    /** The environment variable every command reads {@code insecure} from. */
    static final String INSECURE_VARIABLE = "XSITE_INSECURE";

    private static final Logger log = LoggerFactory.getLogger(TlsSettings.class);

    private TlsSettings() {
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
                    + DIRECTORY_VARIABLE + ") to a directory with tls.crt, tls.key and ca.crt (see 'xsite pki'), "
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
