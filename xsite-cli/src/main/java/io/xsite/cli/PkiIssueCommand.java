package io.xsite.cli;

import io.xsite.net.tls.CertificateAuthority;
import io.xsite.net.tls.IssuedCertificate;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Issues one certificate from the CA in {@code --ca}: the subcommand says the role, the parameter the
 * name (a member certificate names its site). The new key never leaves the output directory.
 */
abstract class PkiIssueCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The site, router or tool the certificate names.")
    String name;

    @Option(names = "--ca", required = true, paramLabel = "DIR",
            description = "Directory of the CA (ca.crt, ca.key).")
    Path ca;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to write tls.crt, tls.key and ca.crt to.")
    Path out;

    @Option(names = "--validity-days", paramLabel = "DAYS", defaultValue = "365",
            description = "How long the certificate is valid. Default: ${DEFAULT-VALUE}.")
    int validityDays;

    @Option(names = "--pkcs12-password", paramLabel = "PASSWORD",
            description = "Also write tls.p12 and ca.p12 (PKCS#12, this password) for clients configured by key "
                    + "store, such as JGroups' TUNNEL with tls.*. Default: none.")
    String pkcs12Password;

    @Spec
    CommandSpec spec;

    abstract PeerRole role();

    @Override
    public Integer call() {
        PeerIdentity identity;
        try {
            identity = new PeerIdentity(role(), name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CertificateAuthority authority;
        try {
            authority = CertificateAuthority.load(ca);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        IssuedCertificate issued = authority.issue(identity, Duration.ofDays(validityDays));
        try {
            issued.writeTo(out);
            if (pkcs12Password != null) {
                issued.writePkcs12(out, pkcs12Password.toCharArray());
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot write to " + out + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().printf("%s certificate for %s (%s) written to %s, valid until %s%n",
                role().word(), name, identity.uri(), out, issued.certificate().getNotAfter().toInstant());
        return 0;
    }

    /** {@code xsite pki site NAME}: the certificate every member of site NAME presents. */
    @Command(name = "site", mixinStandardHelpOptions = true,
            description = "Issues the certificate of a site, shared by its members (and its site masters).")
    static final class Site extends PkiIssueCommand {
        @Override
        PeerRole role() {
            return PeerRole.MEMBER;
        }
    }

    /** {@code xsite pki router NAME}: a gossip router's certificate. */
    @Command(name = "router", mixinStandardHelpOptions = true, description = "Issues a gossip router's certificate.")
    static final class Router extends PkiIssueCommand {
        @Override
        PeerRole role() {
            return PeerRole.ROUTER;
        }
    }

    /** {@code xsite pki tool NAME}: a tool's certificate (router-dump, monitoring). */
    @Command(name = "tool", mixinStandardHelpOptions = true,
            description = "Issues a tool's certificate (router-dump and other clients that only look).")
    static final class Tool extends PkiIssueCommand {
        @Override
        PeerRole role() {
            return PeerRole.TOOL;
        }
    }
}
