package io.xsite.relay;

import io.netty.channel.EventLoop;
import io.xsite.core.member.Member;

/**
 * What the {@link BridgeRole}s of one member work with: its relay configuration, its site member, its engine
 * (which its bridge members call back), the relay's meters, the watch on sends, and the relay thread the bridge
 * members run on. One per {@link RelayEngine}, handed from role to role as the member changes roles.
 */
record RoleContext(RelayConfig config, Member member, RelayEngine engine, RelayMetrics metrics,
                   UnsentEnvelopes unsent, EventLoop relayThread) {

    /** {@code site/name}, for logs and errors. */
    String logName() {
        return engine.logName();
    }
}
