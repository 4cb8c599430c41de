package io.xsite.core.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty event loops that every member, router client and tool in one JVM shares for I/O
 * (DESIGN.md: "I/O runs on Netty event loops shared by all members in one JVM"). The threads are
 * daemons, so they never keep a JVM alive on their own.
 */
public final class EventLoops {
    private EventLoops() {
    }

    /** The shared client-side event loop group, created on first use. */
    public static EventLoopGroup shared() {
        return Shared.GROUP;
    }

    /** A new group of {@code threads} daemon threads named after {@code name}; the caller shuts it down. */
    public static EventLoopGroup create(String name, int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
                NioIoHandler.newFactory());
    }

    private static final class Shared {
        static final EventLoopGroup GROUP = create("xsite-io", Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
