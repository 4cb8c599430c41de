package io.xsite.core.membership;

import io.xsite.wire.address.UuidAddress;
import java.util.List;
import java.util.Objects;

/**
 * What changed from one view to the next.
 *
 * @param joined members of the new view that were not in the previous one, in view order
 * @param left   members of the previous view that are not in the new one, in previous view order
 */
public record ViewDiff(List<UuidAddress> joined, List<UuidAddress> left) {
    public ViewDiff {
        joined = List.copyOf(Objects.requireNonNull(joined, "joined"));
        left = List.copyOf(Objects.requireNonNull(left, "left"));
    }
}
