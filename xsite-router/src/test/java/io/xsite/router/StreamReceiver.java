package io.xsite.router;

import io.xsite.wire.address.Address;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipType;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads everything a registered test client receives, on a thread of its own, and checks each MESSAGE: its
 * destination is this client's address (or the group), and its payload's sequence number (the first 8 bytes)
 * is the next one from that sender on that stream (unicast and multicast are two streams), so a frame lost,
 * duplicated, reordered or delivered to the wrong member shows as a violation.
 */
final class StreamReceiver implements Runnable {
    private final TestClient client;
    private final Address address;
    /** Next expected sequence number per stream: the sender, and whether it multicasts. */
    private final Map<Stream, Long> next = new ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    StreamReceiver(TestClient client, Address address) {
        this.client = client;
        this.address = address;
    }

    /** The payload of the {@code seq}-th message of a stream, {@code size} bytes (at least 8). */
    static byte[] payload(long seq, int size) {
        return ByteBuffer.allocate(size).putLong(0, seq).array();
    }

    @Override
    public void run() {
        try {
            while (true) {
                GossipData data = client.receive(RouterEventLoopsTest.PATIENCE);
                if (data.type() == GossipType.MESSAGE) {
                    check(data);
                }
            }
        } catch (UncheckedIOException closed) {
            // the test closed the socket, or nothing came for a minute: the test is over
        }
    }

    private void check(GossipData message) {
        if (message.address() != null && !message.address().equals(address)) {
            violations.add(address + " got a frame for " + message.address() + " from " + message.sender());
        }
        Stream stream = new Stream(message.sender(), message.address() == null);
        long seq = ByteBuffer.wrap(message.payload()).getLong();
        long expected = next.getOrDefault(stream, 0L);
        if (seq != expected) {
            violations.add(address + " got #" + seq + " of " + stream + ", expected #" + expected);
        }
        next.put(stream, seq + 1);
    }

    /** How many messages of {@code sender}'s unicast ({@code multicast} false) or multicast stream arrived. */
    long received(Address sender, boolean multicast) {
        return next.getOrDefault(new Stream(sender, multicast), 0L);
    }

    /** Unicast messages from senders other than {@code known}. */
    long unicastsFromOthers(Collection<? extends Address> known) {
        return next.entrySet().stream().filter(e -> !e.getKey().multicast() && !known.contains(e.getKey().sender()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** What went wrong so far, one line each. */
    Queue<String> violations() {
        return violations;
    }

    private record Stream(Address sender, boolean multicast) {
    }
}
