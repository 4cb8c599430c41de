package io.xsite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code xsite pki}: the deployment's certificates without openssl. One command creates the CA, one
 * issues the certificate of a site (shared by its members), a router or a tool. Every output directory
 * holds {@code tls.crt}, {@code tls.key} and {@code ca.crt}, the keys of a Kubernetes TLS Secret.
 */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "Creates the deployment's CA and issues certificates for sites, routers and tools.",
        subcommands = {PkiCaCommand.class, PkiIssueCommand.Site.class, PkiIssueCommand.Router.class,
                PkiIssueCommand.Tool.class},
        footer = {"%nA typical deployment:",
                "  xsite pki ca --out pki/ca",
                "  xsite pki site nyc --ca pki/ca --out pki/nyc",
                "  xsite pki site sfc --ca pki/ca --out pki/sfc",
                "  xsite pki router router-nyc --ca pki/ca --out pki/router-nyc",
                "  kubectl create secret generic xsite-tls --from-file=pki/nyc  (nyc's cluster)",
                "Keep pki/ca/ca.key offline: whoever holds it can issue identities."})
public final class PkiCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** {@code xsite pki} alone names no certificate: that is a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: ca, site, router or tool");
    }
}
