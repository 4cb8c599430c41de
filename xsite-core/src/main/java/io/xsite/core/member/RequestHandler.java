package io.xsite.core.member;

import io.xsite.core.delivery.Message;

/** Answers requests sent to a member; runs on the member's application thread. */
@FunctionalInterface
public interface RequestHandler {
    /**
     * The reply payload for {@code request}. A handler that throws sends no payload: the reply carries
     * the error text in its {@link Member#ERROR_HEADER} header instead.
     */
    byte[] handle(Message request) throws Exception;
}
