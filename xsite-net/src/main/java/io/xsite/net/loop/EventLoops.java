package io.xsite.net.loop;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty event loops that every member, router client and tool in one JVM shares for I/O
 * (DESIGN.md: "I/O runs on Netty event loops shared by all members in one JVM"), and the channel types
 * that go with them. The threads are daemons, so they never keep a JVM alive on their own.
 *
 * <p>On Linux the loops use Netty's native epoll transport: on loopback it cost a member less CPU per
 * frame than the JDK's selector, whose wake-ups and selected-key sets add system calls and garbage.
 * Elsewhere, or with {@code -Dxsite.io=nio}, they use NIO. Channels must be of the same kind as their
 * loop, so every bootstrap takes its channel type from here.
 *
 * <p>Every xsite process creates its loops here, so this is also where Netty's leak detector is switched off
 * unless the JVM asked for a level ({@link LeakDetection}).
 */
public final class EventLoops {
    /** System property that picks the I/O transport: {@code epoll}, {@code nio} or {@code auto} (the default). */
    public static final String IO_PROPERTY = "xsite.io";

    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);
    private static final boolean EPOLL = useEpoll(System.getProperty(IO_PROPERTY, "auto"));

    static {
        LeakDetection.offUnlessConfigured();
    }

    private EventLoops() {
    }

    /** The shared client-side event loop group, created on first use. */
    public static EventLoopGroup shared() {
        return Shared.GROUP;
    }

    /**
     * Throws unless called on {@code loop}: the entry points of a transport, which is confined to its
     * member's loop, check their thread with it, as the member's protocol does.
     *
     * @param owner names the caller in the error (transport, member, cluster)
     */
    public static void assertIn(EventLoop loop, Object owner) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException(owner + " called on " + Thread.currentThread().getName()
                    + " instead of its member's event loop");
        }
    }

    /** A new group of {@code threads} daemon threads named after {@code name}; the caller shuts it down. */
    public static EventLoopGroup create(String name, int threads) {
        IoHandlerFactory handlers = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handlers);
    }

    /** Whether the loops use the native epoll transport (else NIO). */
    public static boolean nativeEpoll() {
        return EPOLL;
    }

    /** The TCP client channel type for these loops. */
    public static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The TCP server channel type for these loops. */
    public static Class<? extends ServerSocketChannel> serverSocketChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The UDP channel type for these loops. */
    public static Class<? extends DatagramChannel> datagramChannel() {
        return EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    private static boolean useEpoll(String choice) {
        switch (choice.toLowerCase(Locale.ROOT)) {
            case "nio":
                return false;
            case "epoll":
                Epoll.ensureAvailability();
                return true;
            case "auto":
                if (Epoll.isAvailable()) {
                    return true;
                }
                log.debug("native epoll unavailable, using NIO: {}", Epoll.unavailabilityCause().toString());
                return false;
            default:
                throw new IllegalArgumentException(IO_PROPERTY + " must be epoll, nio or auto, not " + choice);
        }
    }

    private static final class Shared {
        static final EventLoopGroup GROUP = create("xsite-io", Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
