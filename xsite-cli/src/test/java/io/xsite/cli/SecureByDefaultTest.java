package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that listens beyond loopback refuses to start without TLS material unless told {@code --insecure},
 * with one line that names the settings (issue #15, "Secure by default").
 */
class SecureByDefaultTest {
    @TempDir
    Path dir;

    @Test
    void aNodeOnEveryInterfaceWithoutTlsRefusesToStartAndSaysWhatToSet() {
        CommandRun run = xsite("node", "--bind", "0.0.0.0", "--port", "0", "--admin-port", "-1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("node: refusing to listen on 0.0.0.0 without TLS")
                .contains("--tls-dir (XSITE_TLS_DIR)", "--insecure (XSITE_INSECURE=true)", "xsite pki");
    }

    @Test
    void aRouterOnEveryInterfaceWithoutTlsRefusesToStartUnlessInsecure() {
        CommandRun run = xsite("router", "--bind", "0.0.0.0", "--port", "0", "--admin-port", "-1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("router: refusing to listen on 0.0.0.0 without TLS");
    }

    @Test
    void unusableTlsMaterialIsOneLineNamingTheFile() {
        CommandRun run = xsite(Map.of("XSITE_TLS_DIR", dir.toString()), "node", "--bind", "0.0.0.0", "--port", "0",
                "--admin-port", "-1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("node: cannot use the TLS material in " + dir)
                .contains("tls.crt");
    }
}
