package io.xsite.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One switch of the {@link FailoverClient} from one site to another.
 *
 * @param from   the site left
 * @param to     the site now used
 * @param reason why
 * @param detail what happened, in one line (the failure for a {@link SwitchReason#FAILOVER})
 * @param at     when
 */
public record FailoverEvent(String from, String to, SwitchReason reason, String detail, Instant at) {
    /** Checks the event. */
    public FailoverEvent {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }
}
