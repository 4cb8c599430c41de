package io.xsite.cli;

import io.xsite.net.tls.CertificateAuthority;
import io.xsite.net.tls.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xsite pki ca}: creates the deployment's CA (its certificate and key) in a new directory. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "Creates the deployment's certificate authority: ca.crt and ca.key in --out.")
final class PkiCaCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to write ca.crt and ca.key to.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "xsite",
            description = "The CA's name in its certificate. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--validity-days", paramLabel = "DAYS", defaultValue = "3650",
            description = "How long the CA is valid. Default: ${DEFAULT-VALUE}.")
    int validityDays;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (Files.exists(out.resolve(CertificateAuthority.CA_KEY_FILE))) {
            throw new CommandLine.ParameterException(spec.commandLine(), out.resolve(CertificateAuthority.CA_KEY_FILE)
                    + " exists already; a new CA would make every certificate it issued useless");
        }
        CertificateAuthority ca = CertificateAuthority.create(name, Duration.ofDays(validityDays));
        try {
            ca.writeTo(out);
        } catch (IOException e) {
            throw new CommandFailure("cannot write the CA to " + out + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().printf("CA '%s' written to %s (%s, %s; valid until %s)%n", name, out,
                TlsConfig.CA_FILE, CertificateAuthority.CA_KEY_FILE, ca.certificate().getNotAfter().toInstant());
        return 0;
    }
}
