package io.xsite.net.loop;

import io.netty.util.ResourceLeakDetector;
import java.util.Optional;

/**
 * Netty's buffer leak detector, off unless a level was asked for. At Netty's default level it records a stack
 * trace at each access of one buffer in about a hundred: 2% of all CPU samples of a relay stream at 16 KB
 * (docs/benchmarks.md, "Relay at 16 KB"), for a report nobody reads in production. Whoever sets
 * {@value #LEVEL_PROPERTY} (the builds' tests run with {@code paranoid}; anyone hunting a leak) keeps the level
 * asked for.
 */
final class LeakDetection {
    /** Netty's system property for the detector's level. */
    static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";
    /** The name Netty read before 4.1, which it still honours. */
    static final String LEGACY_LEVEL_PROPERTY = "io.netty.leakDetectionLevel";

    private LeakDetection() {
    }

    /** Switches the detector off for the whole JVM unless this JVM was started with a level. */
    static void offUnlessConfigured() {
        levelFor(System.getProperty(LEVEL_PROPERTY), System.getProperty(LEGACY_LEVEL_PROPERTY))
                .ifPresent(ResourceLeakDetector::setLevel);
    }

    /** The level to set when the two properties have these values (null: unset); empty to leave Netty's. */
    static Optional<ResourceLeakDetector.Level> levelFor(String level, String legacyLevel) {
        return level == null && legacyLevel == null ? Optional.of(ResourceLeakDetector.Level.DISABLED)
                : Optional.empty();
    }
}
