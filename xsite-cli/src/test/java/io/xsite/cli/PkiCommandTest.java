package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.TlsConfig;
import io.xsite.net.tls.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xsite pki}: a CA and the certificates of a site, a router and a tool, usable as they are written. */
class PkiCommandTest {
    @TempDir
    Path dir;

    @Test
    void issuesUsableMaterialForEveryRoleFromOneCa() throws Exception {
        Path ca = dir.resolve("ca");
        CommandRun created = xsite("pki", "ca", "--out", ca.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("CA 'xsite' written to " + ca);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca.key"))))
                .isEqualTo("rw-------");

        for (String[] issue : new String[][] {{"site", "nyc"}, {"router", "router-nyc"}, {"tool", "ops"}}) {
            Path out = dir.resolve(issue[1]);
            CommandRun run = xsite("pki", issue[0], issue[1], "--ca", ca.toString(), "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("written to " + out);
            TlsMaterial material = TlsMaterial.load(TlsConfig.inDirectory(out));
            PeerRole role = issue[0].equals("site") ? PeerRole.MEMBER : PeerRole.ofWord(issue[0]).orElseThrow();
            assertThat(material.identity()).isEqualTo(new PeerIdentity(role, issue[1]));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("tls.key"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void refusesToOverwriteACaAndNamesTheProblem() {
        Path ca = dir.resolve("ca");
        assertThat(xsite("pki", "ca", "--out", ca.toString()).exitCode()).isZero();
        CommandRun again = xsite("pki", "ca", "--out", ca.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("exists already");
    }

    @Test
    void aMissingCaOrABadNameIsAUsageError() {
        CommandRun noCa = xsite("pki", "site", "nyc", "--ca", dir.resolve("none").toString(), "--out",
                dir.resolve("nyc").toString());
        assertThat(noCa.exitCode()).isEqualTo(2);
        assertThat(noCa.err()).contains("cannot read").contains("ca.crt");

        assertThat(xsite("pki", "ca", "--out", dir.resolve("ca").toString()).exitCode()).isZero();
        CommandRun badName = xsite("pki", "site", "new york", "--ca", dir.resolve("ca").toString(), "--out",
                dir.resolve("x").toString());
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("identity name must be");
    }
}
