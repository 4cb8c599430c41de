package io.xsite.net.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link EventStream} on one admin connection: a chunked {@code 200 text/event-stream} response whose chunks
 * are the events. The head and the events are written on the channel's event loop (the admin server's), so
 * they leave in the order they were sent whichever threads sent them.
 */
final class ChannelEventStream implements EventStream {
    /** The content type of server-sent events (HTML standard, "Server-sent events"). */
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

    private final Channel channel;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether the response head went out; on the channel's event loop only. */
    private boolean headWritten;

    ChannelEventStream(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(closing -> closed.set(true));
    }

    /** Writes the response head now, if no event did already; on the channel's event loop. */
    void start() {
        assert channel.eventLoop().inEventLoop();
        writeHead();
        channel.flush();
    }

    @Override
    public boolean send(String data) {
        if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event's data is one line");
        }
        if (closed.get()) {
            return false;
        }
        if (!channel.isWritable()) {
            // The client stopped reading and 64 KiB wait for it: drop it rather than buffer without end (no
            // last chunk either, which would wait behind the rest).
            closed.set(true);
            channel.close();
            return false;
        }
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                return;
            }
            writeHead();
            // The buffer passes to the channel, which releases it once written (or failed).
            String event = "data: " + data + "\n\n";
            channel.writeAndFlush(new DefaultHttpContent(ByteBufUtil.writeUtf8(channel.alloc(), event)));
        });
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        channel.eventLoop().execute(() -> {
            if (headWritten && channel.isActive()) {
                channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        });
    }

    @Override
    public void onClose(Runnable action) {
        channel.closeFuture().addListener(closing -> action.run());
    }

    private void writeHead() {
        if (headWritten) {
            return;
        }
        headWritten = true;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        // Each event is for now: no cache or proxy may keep or hold it back.
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpUtil.setTransferEncodingChunked(head, true);
        channel.write(head);
    }
}
