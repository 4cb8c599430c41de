package io.xsite.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a key is spelled in each layer: a command's own key, and a shared key with a section. */
class ConfigKeyTest {
    private static final ConfigKey<Object, Integer> PORT = new ConfigKey<>("max-frame-bytes", ValueType.SIZE, c -> 1);
    private static final ConfigKey<Object, Optional<Path>> TOKEN_FILE = new ConfigKey<>("admin.token-file",
            ValueType.optional(ValueType.PATH), c -> Optional.empty());

    @Test
    void aCommandsOwnKeyTakesTheCommandsPrefix() {
        assertThat(PORT.environmentName("XSITE_ROUTER_")).isEqualTo("XSITE_ROUTER_MAX_FRAME_BYTES");
        assertThat(PORT.flag()).isEqualTo("--max-frame-bytes");
        assertThat(PORT.section()).isEmpty();
    }

    @Test
    void aSharedKeyHasOneVariableWhateverTheCommand() {
        assertThat(TOKEN_FILE.environmentName("XSITE_ROUTER_")).isEqualTo("XSITE_ADMIN_TOKEN_FILE");
        assertThat(TOKEN_FILE.environmentName("XSITE_NODE_")).isEqualTo("XSITE_ADMIN_TOKEN_FILE");
        assertThat(TOKEN_FILE.flag()).isEqualTo("--admin-token-file");
        assertThat(TOKEN_FILE.section()).contains("admin");
    }

    @Test
    void aNameHasAtMostOneSection() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new ConfigKey<>("a.b.c", ValueType.PATH, c -> Path.of("x")));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new ConfigKey<>(".token", ValueType.PATH, c -> Path.of("x")));
    }

    @Test
    void aPathIsAnyNonEmptyText() {
        assertThat(ValueType.PATH.parse(" /etc/xsite/admin/token ")).isEqualTo(Path.of("/etc/xsite/admin/token"));
        assertThat(ValueType.optional(ValueType.PATH).parse("")).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> ValueType.PATH.parse(" "));
    }
}
