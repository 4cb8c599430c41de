package io.xsite.core.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes frames that other threads hand to one channel in batches: a sender only enqueues, and one
 * task on the channel's event loop writes everything queued and flushes once. A burst from the member
 * thread thus costs one event-loop task (and at most one wake-up) instead of one per frame, which is
 * where a per-frame {@code writeAndFlush} from outside the loop spends its time. Frames keep the order
 * in which they were enqueued.
 *
 * <p>The queue is bounded in bytes like the channel's own outbound buffer: beyond {@code maxQueuedBytes}
 * a write is refused, and {@code onRoomAgain} runs on the event loop once the queue has drained.
 * Thread-safe: many producers, the event loop consumes.
 */
final class CoalescingWriter {
    private final Channel channel;
    private final long maxQueuedBytes;
    private final Runnable onRoomAgain;
    private final Queue<ByteBuf> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean refused = new AtomicBoolean();

    CoalescingWriter(Channel channel, long maxQueuedBytes, Runnable onRoomAgain) {
        this.channel = channel;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onRoomAgain = onRoomAgain;
    }

    /** Whether {@link #write} would take a frame now. */
    boolean hasRoom() {
        return queuedBytes.get() < maxQueuedBytes;
    }

    /**
     * Queues {@code frame} for the channel and takes ownership, or refuses it (the caller keeps it)
     * when the queue is full.
     */
    boolean write(ByteBuf frame) {
        if (!hasRoom()) {
            refused.set(true);
            return false;
        }
        queuedBytes.addAndGet(frame.readableBytes());
        queue.add(frame);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The event loop is shutting down: nothing will write these frames any more.
                releaseQueued();
            }
        }
        return true;
    }

    private void drain() {
        // Cleared first: a frame enqueued while this drain runs schedules the next one, so none is stranded.
        drainScheduled.set(false);
        long bytes = 0;
        for (ByteBuf frame; (frame = queue.poll()) != null; ) {
            bytes += frame.readableBytes();
            channel.write(frame, channel.voidPromise());
        }
        if (bytes > 0) {
            channel.flush();
            queuedBytes.addAndGet(-bytes);
        }
        if (hasRoom() && channel.isWritable() && refused.compareAndSet(true, false)) {
            onRoomAgain.run();
        }
    }

    private void releaseQueued() {
        for (ByteBuf frame; (frame = queue.poll()) != null; ) {
            queuedBytes.addAndGet(-frame.readableBytes());
            frame.release();
        }
    }
}
