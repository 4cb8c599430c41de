package io.xsite.core.member;

import io.xsite.core.delivery.Message;

/** Hears the messages a member receives, in order per sender, on the member's application thread. */
@FunctionalInterface
public interface MessageListener {
    /** {@code message} arrived (sent to this member or to everyone). */
    void onMessage(Message message);
}
