package io.xsite.core.member;

import io.xsite.wire.address.UuidAddress;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a member's latest discovery round found. A member alone in its view that found others is about to join
 * them (or they it, or a merge will); one whose round, ended after it came to be alone, found nobody is alone.
 *
 * @param round  how many rounds the member completed; this is the latest (0: none yet)
 * @param others the members the round found, the member itself left out
 */
public record Discovered(long round, Set<UuidAddress> others) {
    /** Before the first round ended. */
    public static final Discovered NONE = new Discovered(0, Set.of());

    public Discovered {
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative: " + round);
        }
        others = Set.copyOf(others);
    }

    /** The round after this one, which found {@code found} (it may name {@code self}, which is left out). */
    Discovered next(Collection<UuidAddress> found, UuidAddress self) {
        return new Discovered(round + 1, found.stream().filter(m -> !m.equals(self)).collect(Collectors.toSet()));
    }
}
