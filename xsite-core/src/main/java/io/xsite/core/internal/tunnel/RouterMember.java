package io.xsite.core.internal.tunnel;

import io.xsite.wire.gossip.PingData;
import java.util.Objects;

/**
 * One member a router reports in a members response.
 *
 * @param group the group (cluster name) the member is registered in, without the router's
 *              {@code <<all-groups>>:} prefix
 * @param ping  the member as the router describes it: address, logical name, physical address
 */
public record RouterMember(String group, PingData ping) {
    public RouterMember {
        Objects.requireNonNull(ping, "ping");
    }
}
