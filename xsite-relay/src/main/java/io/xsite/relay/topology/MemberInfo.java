package io.xsite.relay.topology;

import io.xsite.wire.address.UuidAddress;
import java.util.Objects;

/**
 * One member as the topology shows it.
 *
 * @param address  its address (carries name and site)
 * @param physical where its site's members reach it, {@code host:port}; empty until it announced itself
 */
public record MemberInfo(UuidAddress address, String physical) {
    public MemberInfo {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(physical, "physical");
    }

    /** The member's logical name. */
    public String name() {
        return address.name();
    }
}
