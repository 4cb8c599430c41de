package io.xsite.core.internal.tcp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.xsite.wire.codec.BadInputWarnings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the connections a {@link TcpTransport} closed because of bad input and logs them, at WARN at
 * most once per 10 s and reason (a misconfigured peer retries endlessly), at DEBUG otherwise.
 * Thread-safe: event loops report here.
 */
final class InputErrors {
    private static final Logger log = LoggerFactory.getLogger(InputErrors.class);

    /** Why a connection was closed. */
    enum Reason {
        /** The peer's HELLO names another cluster. */
        CLUSTER,
        /**
         * The first frame is no HELLO, a HELLO broke the format or the handshake order, or a frame's
         * length is negative.
         */
        MALFORMED,
        /** A frame above maxFrameBytes. */
        TOO_LONG,
        /** The member answering at a learned address is not the one dialled. */
        IDENTITY,
        /** No HELLO in time (an accepted connection: the connect timeout; a dial: the liveness window). */
        TIMEOUT,
        /**
         * A DIAL claims a member whose connection is active (carried frames within the liveness window)
         * from another identity ({@link ConnectionIdentities}): the newcomer is refused.
         */
        CONFLICT
    }

    private final String cluster;
    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);
    private final BadInputWarnings warnings = new BadInputWarnings(log, Duration.ofSeconds(10));

    InputErrors(String cluster, MeterRegistry registry) {
        this.cluster = cluster;
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("xsite.transport.connections.rejected")
                    .description("tcp connections closed because of bad input")
                    .tag("cluster", cluster).tag("reason", reason.name().toLowerCase())
                    .register(registry));
        }
    }

    /**
     * Records a framing failure, if {@code cause} is one ({@link TooLongFrameException} as
     * {@link Reason#TOO_LONG}, {@link CorruptedFrameException} as {@link Reason#MALFORMED}); reports
     * whether it was.
     */
    boolean recordFraming(Throwable cause, Channel channel, String where) {
        if (cause instanceof TooLongFrameException) {
            record(Reason.TOO_LONG, channel, where + ": " + cause.getMessage());
        } else if (cause instanceof CorruptedFrameException) {
            record(Reason.MALFORMED, channel, where + ": " + cause.getMessage());
        } else {
            return false;
        }
        return true;
    }

    /** Counts and logs that {@code channel} is closed for {@code reason}; {@code detail} says what was wrong. */
    void record(Reason reason, Channel channel, Object detail) {
        counters.get(reason).increment();
        warnings.report(reason.name(), "cluster {}: closing connection {} ({}): {}", cluster, channel.remoteAddress(),
                reason, detail);
    }

    /** Connections closed for {@code reason} so far. */
    long count(Reason reason) {
        return (long) counters.get(reason).count();
    }
}
