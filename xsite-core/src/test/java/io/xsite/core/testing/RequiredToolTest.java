package io.xsite.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {
    private static final String MISSING = "xsite-no-such-tool";

    @Test
    void aToolOnThePathIsFound(@TempDir Path bin) throws Exception {
        Path tool = Files.createFile(bin.resolve("sometool"));
        assertThat(tool.toFile().setExecutable(true)).isTrue();

        assertThat(RequiredTool.require("sometool", "this test", Map.of("PATH", "/nonexistent:" + bin)))
                .isEqualTo(tool);
    }

    @Test
    void aMissingToolSkipsTheTestOutsideCi() {
        assertThatThrownBy(() -> RequiredTool.require(MISSING, "the widget tests", Map.of("PATH", "/nonexistent")))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(MISSING + " is not installed")
                .hasMessageContaining("the widget tests need it")
                .hasMessageContaining(".ci/install-prerequisites");
    }

    @Test
    void aMissingToolFailsTheTestOnCi() {
        assertThatThrownBy(() -> RequiredTool.require(MISSING, "the widget tests",
                Map.of("PATH", "/nonexistent", "CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(MISSING + " is not installed")
                .hasMessageContaining(".ci/install-prerequisites")
                .hasMessageContaining("CI=true");
    }

    @Test
    void ciOtherThanTrueStillSkips() {
        assertThatThrownBy(() -> RequiredTool.unavailable("no widget here", Map.of("CI", "false")))
                .isInstanceOf(TestAbortedException.class).hasMessage("no widget here");
    }
}
