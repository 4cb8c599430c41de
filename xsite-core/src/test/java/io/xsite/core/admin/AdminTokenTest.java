package io.xsite.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    @Test
    void aTokenMatchesItselfOnly() {
        AdminToken token = AdminToken.of("abc.DEF-123_~+/==");

        assertThat(token.matches("abc.DEF-123_~+/==")).isTrue();
        assertThat(token.matches("abc.DEF-123_~+/=")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void itsTextNeverShows() {
        assertThat(AdminToken.of("hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void aFileIsReadWithoutItsSurroundingWhiteSpace(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  hunter2\n");

        assertThat(AdminToken.read(file).matches("hunter2")).isTrue();
    }

    @Test
    void anEmptyMissingOrMalformedFileIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path spaced = Files.writeString(dir.resolve("spaced"), "two words\n");
        Path missing = dir.resolve("missing");

        assertThatIllegalArgumentException().isThrownBy(() -> AdminToken.read(empty))
                .withMessage("admin token file " + empty + ": the admin token is empty");
        assertThatIllegalArgumentException().isThrownBy(() -> AdminToken.read(spaced))
                .withMessageStartingWith("admin token file " + spaced + ": the admin token holds characters")
                .withMessageNotContaining("two words");
        assertThatIllegalArgumentException().isThrownBy(() -> AdminToken.read(missing))
                .withMessageStartingWith("cannot read admin token file " + missing + ": NoSuchFileException")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
