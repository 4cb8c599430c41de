package io.xsite.relay.reliability;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The path between sites as the reliability layer sees it: frames (encoded with {@link SequencedCodec})
 * in flight in both directions, delivered in random order, duplicated or lost at the test's command,
 * and all lost at once when the path changes (a site master died with them).
 */
final class SimulatedPath {
    private final List<Frame> inFlight = new ArrayList<>();
    private final Random random;

    SimulatedPath(Random random) {
        this.random = random;
    }

    void send(Sequenced element) {
        ByteBuf buf = Unpooled.buffer(SequencedCodec.encodedSize(element));
        SequencedCodec.encode(element, buf);
        inFlight.add(new Frame(false, take(buf)));
    }

    void send(Ack ack) {
        ByteBuf buf = Unpooled.buffer(SequencedCodec.encodedSize(ack));
        SequencedCodec.encode(ack, buf);
        inFlight.add(new Frame(true, take(buf)));
    }

    /** Delivers one frame picked at random (so frames overtake each other). */
    void deliverOne(Consumer<Sequenced> toReceiver, Consumer<Ack> toOrigin) {
        if (inFlight.isEmpty()) {
            return;
        }
        Frame frame = inFlight.remove(random.nextInt(inFlight.size()));
        ByteBuf buf = Unpooled.wrappedBuffer(frame.bytes);
        try {
            if (frame.ack) {
                toOrigin.accept(SequencedCodec.decodeAck(buf));
            } else {
                toReceiver.accept(SequencedCodec.decodeSequenced(buf));
            }
        } finally {
            buf.release();
        }
    }

    void duplicateOne() {
        if (!inFlight.isEmpty()) {
            inFlight.add(inFlight.get(random.nextInt(inFlight.size())));
        }
    }

    void loseOne() {
        if (!inFlight.isEmpty()) {
            inFlight.remove(random.nextInt(inFlight.size()));
        }
    }

    /** The path changes: whatever was in flight on it is gone. */
    void breakDown() {
        inFlight.clear();
    }

    boolean isEmpty() {
        return inFlight.isEmpty();
    }

    private static byte[] take(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private record Frame(boolean ack, byte[] bytes) {
    }
}
