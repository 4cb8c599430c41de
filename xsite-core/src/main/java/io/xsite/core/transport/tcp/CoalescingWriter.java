package io.xsite.core.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
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
    /** Frames larger than this go through the pipeline on their own: copying them would cost more. */
    private static final int MAX_BATCHED_FRAME_BYTES = 16 * 1024;
    /** Target size of one batch buffer (a batch grows past it only for its first frame). */
    private static final int BATCH_BYTES = 64 * 1024;
    private static final int LENGTH_BYTES = 4;

    private final Channel channel;
    private final String prependerName;
    private final long maxQueuedBytes;
    private final Runnable onRoomAgain;
    private final Queue<ByteBuf> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean refused = new AtomicBoolean();

    /**
     * @param prependerName the pipeline name of the length prepender; batches are written below it
     */
    CoalescingWriter(Channel channel, String prependerName, long maxQueuedBytes, Runnable onRoomAgain) {
        this.channel = channel;
        this.prependerName = prependerName;
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
        // Small frames are copied, length prefix included, into shared buffers written below the length
        // prepender: one pipeline pass and one buffer per batch instead of two buffers per frame, which is
        // where a stream of 1 KB frames spent its time (reference counting, outbound-buffer bookkeeping).
        ChannelHandlerContext belowPrepender = channel.pipeline().context(prependerName);
        long bytes = 0;
        ByteBuf batch = null;
        for (ByteBuf frame; (frame = queue.poll()) != null; ) {
            int length = frame.readableBytes();
            bytes += length;
            if (belowPrepender == null || length > MAX_BATCHED_FRAME_BYTES) {
                batch = writeBatch(belowPrepender, batch);
                channel.write(frame, channel.voidPromise());
                continue;
            }
            if (batch != null && batch.writableBytes() < LENGTH_BYTES + length) {
                batch = writeBatch(belowPrepender, batch);
            }
            if (batch == null) {
                batch = channel.alloc().buffer(BATCH_BYTES);
            }
            batch.writeInt(length).writeBytes(frame);
            frame.release();
        }
        writeBatch(belowPrepender, batch);
        if (bytes > 0) {
            channel.flush();
            queuedBytes.addAndGet(-bytes);
        }
        if (hasRoom() && channel.isWritable() && refused.compareAndSet(true, false)) {
            onRoomAgain.run();
        }
    }

    /** Writes {@code batch} (if any) below the prepender; returns null, the next batch to start. */
    private ByteBuf writeBatch(ChannelHandlerContext belowPrepender, ByteBuf batch) {
        if (batch != null) {
            belowPrepender.write(batch, belowPrepender.voidPromise());
        }
        return null;
    }

    private void releaseQueued() {
        for (ByteBuf frame; (frame = queue.poll()) != null; ) {
            queuedBytes.addAndGet(-frame.readableBytes());
            frame.release();
        }
    }
}
