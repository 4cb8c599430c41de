package io.xsite.cli.stream;

import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.core.delivery.Message;
import io.xsite.relay.RelayNode;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of {@code xsite stream} on a relay node: it accounts for every numbered stream that
 * reaches the node ({@link StreamLedger}), serves the account as JSON on the admin route
 * {@value #PATH}, and tells the sender once a stream is complete here (every number arrived), so that the
 * sender knows when it may leave. Install it once per node; other payloads (chat lines) are left alone.
 * Threads: the ledger is fed on the node's listener threads and read on the admin event loop.
 */
public final class StreamReceiver {
    /** The admin route serving {@link StreamLedger#json}. */
    public static final String PATH = "/streams";

    private static final Logger log = LoggerFactory.getLogger(StreamReceiver.class);

    private final RelayNode node;
    private final StreamLedger ledger = new StreamLedger();
    private final Clock clock;

    private StreamReceiver(RelayNode node, Clock clock) {
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Makes {@code node} account for the numbered streams it receives and serve them on {@value #PATH}. */
    public static StreamReceiver install(RelayNode node) {
        StreamReceiver receiver = new StreamReceiver(node, Clock.systemUTC());
        node.addMessageListener(receiver::onMessage);
        if (!node.addAdminRoute(PATH, AdminRoute.of(() -> AdminResponse.json(receiver.ledger.json(node.site(),
                node.name()))))) {
            log.info("[{}/{}] no admin endpoint, so no {} route", node.site(), node.name(), PATH);
        }
        return receiver;
    }

    /** The streams received so far. */
    public StreamLedger ledger() {
        return ledger;
    }

    private void onMessage(Message message) {
        StreamPayload.decode(message.payload())
                .filter(payload -> payload.kind() == StreamPayload.Kind.NUMBER)
                .ifPresent(payload -> onNumber(message.sender(), payload));
    }

    private void onNumber(UuidAddress sender, StreamPayload payload) {
        if (!ledger.onNumber(sender.toString(), payload, clock.instant())) {
            return;
        }
        log.info("[{}/{}] stream {} of {} complete: {} numbers", node.site(), node.name(),
                Long.toHexString(payload.stream()), sender, payload.count());
        node.send(sender, StreamPayload.complete(payload.stream(), payload.count()).encode())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        log.warn("[{}/{}] cannot confirm stream {} to {}: {}", node.site(), node.name(),
                                Long.toHexString(payload.stream()), sender, failure.getMessage());
                    }
                });
    }
}
