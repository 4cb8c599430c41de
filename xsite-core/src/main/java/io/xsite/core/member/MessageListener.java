package io.xsite.core.member;

import io.xsite.core.delivery.Message;

/** Hears the messages a member receives, in order per sender, on the member's application thread. */
@FunctionalInterface
public interface MessageListener {
    /**
     * {@code message} arrived (sent to this member or to everyone). On a member that keeps payloads in the
     * received buffers ({@link io.xsite.core.delivery.DeliveryConfig#keptPayloadBytes()}) the message is closed
     * when the listeners returned: read its payload here, or retain its buffer.
     */
    void onMessage(Message message);
}
