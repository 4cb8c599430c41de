package io.xsite.net.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SocketFailures} on the errors of a real bind, with whichever transport {@link EventLoops} picked. */
class SocketFailuresTest {

    @Test
    void aTakenPortIsASocketFailureInTheOperatingSystemsWords() throws Exception {
        EventLoopGroup group = EventLoops.create("socket-failures", 1);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(EventLoops.serverSocketChannel())
                    .childHandler(new ChannelInboundHandlerAdapter());
            Channel first = bootstrap.bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) first.localAddress()).getPort();

            Throwable taken = catchThrowable(() -> bootstrap.bind("127.0.0.1", port).syncUninterruptibly());

            assertThat(taken).isInstanceOf(IOException.class);
            assertThat(SocketFailures.isSocketFailure(taken)).as("%s is a socket failure", taken).isTrue();
            assertThat(SocketFailures.message(taken)).isEqualTo("Address already in use");
            first.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aDialToAPortNobodyListensOnIsRefusedAndATimeoutIsNot() throws Exception {
        EventLoopGroup group = EventLoops.create("socket-failures", 1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(EventLoops.serverSocketChannel())
                    .childHandler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            server.close().sync();

            Throwable refused = catchThrowable(() -> new Bootstrap().group(group).channel(EventLoops.socketChannel())
                    .handler(new ChannelInboundHandlerAdapter()).connect("127.0.0.1", port).syncUninterruptibly());

            assertThat(SocketFailures.isConnectionRefused(refused)).as("%s is a refusal", refused).isTrue();
            assertThat(SocketFailures.isConnectionRefused(new ConnectTimeoutException("connection timed out")))
                    .isFalse();
            assertThat(SocketFailures.isConnectionRefused(new IOException("Connection refused"))).as("no dial").isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void otherFailuresAndMessagesPassUnchanged() {
        IllegalStateException other = new IllegalStateException("connect(..) is not the start here");
        assertThat(SocketFailures.isSocketFailure(other)).isFalse();
        assertThat(SocketFailures.message(other)).isEqualTo("connect(..) is not the start here");
        assertThat(SocketFailures.message(new IOException())).isNull();
        assertThat(SocketFailures.message(new IOException("finishConnect(..) failed with error(-111): Connection refused")))
                .isEqualTo("Connection refused");
    }
}
