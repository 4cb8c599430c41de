package io.xsite.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes the frames of one channel in batches, flushed once per event-loop round. Confined to the
 * channel's event loop (the member's own): a frame goes straight into the open batch buffer (an
 * {@link OutboundFrame} is encoded there, with no buffer of its own), and one task per loop round (the
 * drain) writes the batch and flushes once.
 *
 * <p>Small frames go, with a 4-byte length prefix, into shared batch buffers written below the
 * channel's framing handler (tcp: the length prepender; tunnel: the gossip frame encoder): one pipeline
 * pass and one buffer per batch instead of one or two buffers per frame, which is where a stream of
 * 1 KB frames spent its time (reference counting, outbound-buffer bookkeeping, allocation).
 *
 * <p>Writing into the pipeline can call back into this writer on the same thread: a write that crosses
 * the high-water mark makes a flush handler flush, the flush makes the channel writable again, and a
 * writability listener sends more. So a batch leaves the open-batch field before it is written, the
 * flushed byte count is taken before the flush, and a large frame goes out as one buffer with its
 * length; a frame written from such a callback lands in the next batch, never in one already written.
 *
 * <p>The bytes taken and not yet written are bounded like the channel's own outbound buffer: beyond
 * {@code maxQueuedBytes} a write is refused, and {@code onRoomAgain} runs on the event loop once the
 * batches have drained.
 */
public final class CoalescingWriter {
    /** Encoded frames larger than this go through the pipeline on their own: copying them would cost more. */
    private static final int MAX_BATCHED_FRAME_BYTES = 16 * 1024;
    /** Target size of one batch buffer (a batch grows past it only for its first frame). */
    private static final int BATCH_BYTES = 64 * 1024;
    private static final int LENGTH_BYTES = 4;

    private final Channel channel;
    private final String prependerName;
    private final long maxQueuedBytes;
    private final Runnable onRoomAgain;
    private boolean drainScheduled;
    /** Frame bytes taken and not yet flushed. */
    private long queuedBytes;
    /** Whether a write was refused since the last time there was room. */
    private boolean refused;
    /** The batch being filled, written by the next drain. */
    private ByteBuf batch;
    /** The framing handler's context, once found. */
    private ChannelHandlerContext framer;
    /** Frame bytes taken into batches or written since the last flush. */
    private long unflushedBytes;

    /**
     * A writer for {@code channel}, used on its event loop only.
     *
     * @param prependerName  the pipeline name of the channel's framing handler; every frame is written
     *                       below it with a 4-byte length prefix of this writer's own
     * @param maxQueuedBytes bytes taken and not yet written at most
     * @param onRoomAgain    runs on the event loop when a refused writer may write again
     */
    public CoalescingWriter(Channel channel, String prependerName, long maxQueuedBytes, Runnable onRoomAgain) {
        this.channel = channel;
        this.prependerName = prependerName;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onRoomAgain = onRoomAgain;
    }

    /** Whether a write would take a frame now. */
    public boolean hasRoom() {
        return queuedBytes < maxQueuedBytes;
    }

    /**
     * Takes {@code frame} for the channel (ownership included) into the open batch, or refuses it (the
     * caller keeps it) when the queue is full.
     */
    public boolean write(ByteBuf frame) {
        assert channel.eventLoop().inEventLoop();
        if (!hasRoom()) {
            refused = true;
            return false;
        }
        queuedBytes += frame.readableBytes();
        batchOrWrite(belowPrepender(), frame);
        scheduleDrain();
        return true;
    }

    /** Encodes {@code frame} into the open batch, or refuses it when the queue is full. */
    public boolean write(OutboundFrame frame) {
        assert channel.eventLoop().inEventLoop();
        int length = frame.size();
        ChannelHandlerContext belowPrepender = belowPrepender();
        // Whatever its size: encoding a frame into a batch copies it no more than into a buffer of its own.
        if (belowPrepender == null) {
            ByteBuf own = frame.toBuffer();
            if (!write(own)) {
                own.release();
                return false;
            }
            return true;
        }
        if (!hasRoom()) {
            refused = true;
            return false;
        }
        queuedBytes += length;
        unflushedBytes += length;
        ByteBuf into = openBatch(belowPrepender, LENGTH_BYTES + length).writeInt(length);
        int end = into.writerIndex() + length;
        frame.writeTo(into);
        assert into.writerIndex() == end : "frame wrote " + (into.writerIndex() - end + length) + " of " + length;
        scheduleDrain();
        return true;
    }

    /**
     * The context of the framing handler, looked up once: finding a handler by name walks the pipeline,
     * which cost as much per frame as encoding a small one. Null while the handler is not in the pipeline.
     */
    private ChannelHandlerContext belowPrepender() {
        ChannelHandlerContext known = framer;
        if (known == null || known.isRemoved()) {
            known = channel.pipeline().context(prependerName);
            framer = known;
        }
        return known;
    }

    private void scheduleDrain() {
        if (drainScheduled) {
            return;
        }
        drainScheduled = true;
        try {
            channel.eventLoop().execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: nothing will write this batch any more.
            releaseBatch();
        }
    }

    private void drain() {
        // Cleared first: a frame written from a callback during this drain schedules the next one.
        drainScheduled = false;
        writeBatch(belowPrepender());
        long flushing = unflushedBytes;
        if (flushing > 0) {
            unflushedBytes = 0; // frames written from callbacks during the flush count for the next drain
            channel.flush();
            queuedBytes -= flushing;
        }
        if (refused && hasRoom() && channel.isWritable()) {
            refused = false;
            onRoomAgain.run();
        }
    }

    /** Copies {@code frame} into the batch and releases it, or writes it on its own when large. */
    private void batchOrWrite(ChannelHandlerContext belowPrepender, ByteBuf frame) {
        int length = frame.readableBytes();
        unflushedBytes += length;
        if (belowPrepender == null) {
            writeBatch(belowPrepender);
            channel.write(frame, channel.voidPromise());
            return;
        }
        if (length > MAX_BATCHED_FRAME_BYTES) {
            // Framed here, below the named handler like a batch: that handler need not frame buffers (the
            // tunnel's encoder frames only GossipData and passed a large frame on without its length).
            writeBatch(belowPrepender);
            // One write for the length and the frame: nothing written from a callback can come between them.
            ByteBuf prefix = channel.alloc().buffer(LENGTH_BYTES).writeInt(length);
            belowPrepender.write(Unpooled.wrappedBuffer(prefix, frame), belowPrepender.voidPromise());
            return;
        }
        openBatch(belowPrepender, LENGTH_BYTES + length).writeInt(length).writeBytes(frame);
        frame.release();
    }

    /** The batch to append {@code bytes} to: the open one if they fit, else a new one. */
    private ByteBuf openBatch(ChannelHandlerContext belowPrepender, int bytes) {
        if (batch != null && batch.writableBytes() < bytes) {
            writeBatch(belowPrepender);
        }
        if (batch == null) {
            batch = channel.alloc().buffer(Math.max(BATCH_BYTES, bytes));
        }
        return batch;
    }

    /** Writes the open batch (if any) below the prepender; the next frame starts a new one. */
    private void writeBatch(ChannelHandlerContext belowPrepender) {
        ByteBuf full = batch;
        if (full == null) {
            return;
        }
        batch = null; // before the write: a callback during it must open a new batch, not add to this one
        if (belowPrepender == null) {
            full.release(); // the channel was torn down (its handlers removed) before this round's drain
        } else {
            belowPrepender.write(full, belowPrepender.voidPromise());
        }
    }

    private void releaseBatch() {
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }
}
