package io.xsite.core.member;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the numbers a member receives, per sender, in arrival order; payloads come from {@link #number}. */
final class NumberedInbox implements MessageListener {
    private final Map<UuidAddress, List<Integer>> bySender = new ConcurrentHashMap<>();

    /** The payload of message number {@code n}. */
    static byte[] number(int n) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(n).array();
    }

    @Override
    public void onMessage(Message message) {
        bySender.computeIfAbsent(message.sender(), sender -> new CopyOnWriteArrayList<>())
                .add(ByteBuffer.wrap(message.payload()).getInt());
    }

    /** The numbers received from {@code sender} so far, in arrival order. */
    List<Integer> from(UuidAddress sender) {
        return List.copyOf(bySender.getOrDefault(sender, List.of()));
    }
}
