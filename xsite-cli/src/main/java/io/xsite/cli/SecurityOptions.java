package io.xsite.cli;

import picocli.CommandLine.Option;

/**
 * The options every process that listens shares ({@code xsite node}, {@code chat}, {@code stream}, {@code router}):
 * its TLS material, whether it may run without, and its admin token. They are read through picocli's model
 * ({@link ConfigOptions#flags}) as the keys {@code tls.dir}, {@code insecure} and {@code admin.token-file}.
 */
final class SecurityOptions {
    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Directory holding tls.crt, tls.key and ca.crt (a Kubernetes TLS Secret, or the output of "
                    + "xsite pki), reloaded when it changes: only peers with a certificate of that CA get in. "
                    + "Default: none.")
    String tlsDir;

    @Option(names = "--insecure", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
            description = "Run without TLS on an address other than loopback (labs, plain JGroups clients); also "
                    + "XSITE_INSECURE. Default: ${DEFAULT-VALUE}.")
    String insecure;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the bearer token every admin route but /health and /ready then needs. "
                    + "Default: none (read-only routes open).")
    String adminTokenFile;
}
