package io.xsite.core.delivery;

import io.xsite.wire.address.UuidAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one request: exactly one {@link Reply} per target, in the order the targets were given.
 *
 * @param requestId the request's id
 * @param byTarget  the reply of each target, unmodifiable, in target order
 */
public record Replies(long requestId, Map<UuidAddress, Reply> byTarget) {

    public Replies {
        Objects.requireNonNull(byTarget, "byTarget");
        byTarget.forEach((target, reply) -> {
            if (!reply.target().equals(target)) {
                throw new IllegalArgumentException("reply of " + reply.target() + " filed under " + target);
            }
        });
        byTarget = Collections.unmodifiableMap(new LinkedHashMap<>(byTarget));
    }

    /** The reply of {@code target}, or null if it was not a target. */
    public Reply get(UuidAddress target) {
        return byTarget.get(target);
    }

    /** Whether every target replied. */
    public boolean allReplied() {
        return byTarget.values().stream().allMatch(reply -> reply.outcome() == Reply.Outcome.REPLIED);
    }

    /** The responses of the targets that replied, in target order. */
    public List<Message> responses() {
        return byTarget.values().stream().filter(reply -> reply.outcome() == Reply.Outcome.REPLIED)
                .map(Reply::response).toList();
    }
}
