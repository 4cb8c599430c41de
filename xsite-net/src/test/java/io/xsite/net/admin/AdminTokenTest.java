package io.xsite.net.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
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
    void aTokenFileThatChangesIsFollowedAtTheNextCheck(@TempDir Path dir) throws Exception {
        AtomicLong now = new AtomicLong();
        Path file = Files.writeString(dir.resolve("token"), "first\n");
        AdminToken token = AdminToken.read(file, Duration.ofSeconds(5), now::get);

        replace(file, "second\n", 1);
        assertThat(token.matches("first")).as("not checked again before the interval").isTrue();

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(token.matches("second")).isTrue();
        assertThat(token.matches("first")).isFalse();
    }

    @Test
    void aTokenFileReplacedByNothingUsableKeepsThePreviousToken(@TempDir Path dir) throws Exception {
        AtomicLong now = new AtomicLong();
        Path file = Files.writeString(dir.resolve("token"), "kept\n");
        AdminToken token = AdminToken.read(file, Duration.ofSeconds(5), now::get);

        replace(file, "\n", 1);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(token.matches("kept")).as("an empty file opens nothing and locks nobody out").isTrue();
        assertThat(token.matches("")).isFalse();

        Files.delete(file);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(token.matches("kept")).isTrue();
    }

    /** Writes {@code text} with a modification time {@code seconds} later (file systems have coarse clocks). */
    private static void replace(Path file, String text, int seconds) throws Exception {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + seconds * 1000L));
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
