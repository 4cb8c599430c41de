package io.xsite.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the {@link FailoverClient} waits for what.
 *
 * @param connect        one connection attempt to one endpoint
 * @param response       the oldest operation in flight on a connection, after which the site counts as failed
 *                       (the connection is closed and its operations handled as after a crash)
 * @param operation      one operation from its call to its answer, across every retry and switch
 * @param homeCheck      between two checks whether home is back and caught up, while the client is away
 * @param reconnectDelay the pause after every endpoint of every site failed in a row, before the next round
 */
public record ClientTimeouts(Duration connect, Duration response, Duration operation, Duration homeCheck,
                             Duration reconnectDelay) {
    /**
     * 1 s to connect, 3 s for an answer (the grid itself gives up on an unreachable segment after 10 s), 15 s for
     * an operation, home checked every 5 s, 200 ms between rounds of attempts.
     */
    public static final ClientTimeouts DEFAULTS = new ClientTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3),
            Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMillis(200));

    /** Checks that each is positive. */
    public ClientTimeouts {
        for (Duration d : new Duration[] {connect, response, operation, homeCheck, reconnectDelay}) {
            Objects.requireNonNull(d, "timeouts");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("client timeouts must be positive: " + d);
            }
        }
    }

    /** These timeouts with {@code value} as the response timeout. */
    public ClientTimeouts withResponse(Duration value) {
        return new ClientTimeouts(connect, value, operation, homeCheck, reconnectDelay);
    }

    /** These timeouts with {@code value} as the operation timeout. */
    public ClientTimeouts withOperation(Duration value) {
        return new ClientTimeouts(connect, response, value, homeCheck, reconnectDelay);
    }

    /** These timeouts with {@code value} between home checks. */
    public ClientTimeouts withHomeCheck(Duration value) {
        return new ClientTimeouts(connect, response, operation, value, reconnectDelay);
    }
}
