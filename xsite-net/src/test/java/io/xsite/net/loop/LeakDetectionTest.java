package io.xsite.net.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {

    @Test
    void offWhenNoLevelWasAskedFor() {
        assertThat(LeakDetection.levelFor(null, null)).contains(ResourceLeakDetector.Level.DISABLED);
    }

    @Test
    void keepsTheLevelAskedForUnderEitherName() {
        assertThat(LeakDetection.levelFor("paranoid", null)).isEmpty();
        assertThat(LeakDetection.levelFor(null, "advanced")).isEmpty();
    }

    @Test
    void testsKeepTheirParanoidDetectorOnceTheLoopsExist() {
        EventLoops.shared();
        assertThat(System.getProperty(LeakDetection.LEVEL_PROPERTY)).isEqualTo("paranoid");
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }
}
