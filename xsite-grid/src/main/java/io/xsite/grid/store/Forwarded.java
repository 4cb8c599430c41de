package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;

/**
 * Where a client operation came from when another member forwarded it to its primary: that member and the id of
 * its request ({@link GridMessage.Operate}), which a copy of the write to that same member can answer.
 */
record Forwarded(UuidAddress member, long requestId) {
}
