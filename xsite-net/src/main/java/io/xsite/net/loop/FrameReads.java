package io.xsite.net.loop;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

/**
 * How much a connection reads from its socket at once: Netty's adaptive guess, allowed to grow to 256 KB
 * instead of 64 KB. A frame that a read ends inside is copied whole when the rest arrives, and a relay
 * batch (up to 64 KB of messages) was larger than Netty's largest read, so nearly every one was copied
 * once more at each receiving hop. Peers write their frames in batches, so a read that can take several
 * whole frames leaves fewer of them split.
 */
public final class FrameReads {
    /** For {@code ChannelOption.RCVBUF_ALLOCATOR} of member, router client and router connections. */
    public static final RecvByteBufAllocator ALLOCATOR = new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024);

    private FrameReads() {
    }
}
