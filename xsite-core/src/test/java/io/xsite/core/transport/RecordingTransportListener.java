package io.xsite.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.xsite.wire.address.UuidAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener that checks frames as they arrive against {@link Frames} streams registered with
 * {@link #expect}, records peer events and releases every frame. Thread-safe.
 */
public final class RecordingTransportListener implements TransportListener {
    private final Map<UuidAddress, Long> streams = new ConcurrentHashMap<>();
    private final Map<UuidAddress, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final Queue<UuidAddress> connected = new ConcurrentLinkedQueue<>();
    private final Queue<UuidAddress> disconnected = new ConcurrentLinkedQueue<>();
    private final Queue<UuidAddress> writable = new ConcurrentLinkedQueue<>();
    private final Semaphore writableSignal = new Semaphore(0);

    /** Frames from {@code sender} are frames 0, 1, 2... of {@code stream}, in that order. */
    public void expect(UuidAddress sender, long stream) {
        streams.put(sender, stream);
    }

    @Override
    public void onFrame(UuidAddress from, ByteBuf frame) {
        try {
            Long stream = streams.get(from);
            if (stream == null) {
                received.computeIfAbsent(from, f -> new AtomicInteger()).incrementAndGet();
                return;
            }
            int i = received.computeIfAbsent(from, f -> new AtomicInteger()).getAndIncrement();
            byte[] expected = Frames.payload(stream, i);
            if (!Arrays.equals(expected, ByteBufUtil.getBytes(frame))) {
                problems.add("frame " + i + " from " + from + ": expected " + expected.length + " B, got "
                        + frame.readableBytes() + " B or other content");
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void onPeerConnected(UuidAddress peer) {
        connected.add(peer);
    }

    @Override
    public void onPeerDisconnected(UuidAddress peer) {
        disconnected.add(peer);
    }

    @Override
    public void onWritable(UuidAddress peer) {
        writable.add(peer);
        writableSignal.release();
    }

    /** Frames received from {@code sender} so far. */
    public int received(UuidAddress sender) {
        AtomicInteger count = received.get(sender);
        return count == null ? 0 : count.get();
    }

    /** Frames that did not match their expected bytes or order. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<UuidAddress> connected() {
        return List.copyOf(connected);
    }

    public List<UuidAddress> disconnected() {
        return List.copyOf(disconnected);
    }

    public List<UuidAddress> writable() {
        return List.copyOf(writable);
    }

    /** Waits up to {@code millis} for an onWritable; a bounded pause for senders that were refused. */
    public void awaitWritable(long millis) throws InterruptedException {
        writableSignal.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }
}
