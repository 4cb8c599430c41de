package io.xsite.relay.probe;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one member is asked: its header always, and one entry for each of {@code keys}.
 *
 * @param keys the entries wanted, in {@link ProbeKey} order; may be empty
 */
public record ProbeRequest(Set<ProbeKey> keys) {
    public ProbeRequest {
        Objects.requireNonNull(keys, "keys");
        keys = Collections.unmodifiableSet(keys.isEmpty() ? EnumSet.noneOf(ProbeKey.class) : EnumSet.copyOf(keys));
    }
}
