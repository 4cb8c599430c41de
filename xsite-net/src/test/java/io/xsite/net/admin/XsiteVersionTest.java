package io.xsite.net.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The version file is filtered by the build. */
class XsiteVersionTest {

    @Test
    void theVersionIsTheProjectVersionNotThePlaceholder() {
        assertThat(XsiteVersion.current()).doesNotContain("${").matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
