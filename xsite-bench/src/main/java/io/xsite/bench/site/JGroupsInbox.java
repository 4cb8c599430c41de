package io.xsite.bench.site;

import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.UpHandler;
import org.jgroups.blocks.MessageDispatcher;
import org.jgroups.blocks.RequestCorrelator;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.util.MessageBatch;

/**
 * The up handler of one benchmark channel. A {@link MessageDispatcher} takes over its channel's up
 * handler and drops every message that is not a request or reply of its correlator, so plain messages
 * sent with {@code JChannel.send} would never reach the application. This handler gives plain messages
 * to the benchmark's ledger and everything else (requests, replies, views) to the dispatcher.
 */
final class JGroupsInbox implements UpHandler {
    /** The header id of the dispatcher's correlator (JGroups registers it under its class). */
    private static final short CORRELATOR_ID = ClassConfigurator.getProtocolId(RequestCorrelator.class);

    private final UpHandler dispatcher;
    private final int receiver;
    private final Supplier<Deliveries> deliveries;

    /**
     * @param dispatcher the dispatcher's own up handler ({@link MessageDispatcher#protocolAdapter()})
     * @param receiver   the index of this channel's member
     * @param deliveries the ledger of the scenario running now
     */
    JGroupsInbox(UpHandler dispatcher, int receiver, Supplier<Deliveries> deliveries) {
        this.dispatcher = dispatcher;
        this.receiver = receiver;
        this.deliveries = deliveries;
    }

    @Override
    public UpHandler setLocalAddress(Address address) {
        dispatcher.setLocalAddress(address);
        return this;
    }

    @Override
    public Object up(Event event) {
        return dispatcher.up(event);
    }

    @Override
    public Object up(Message message) {
        if (isPlain(message)) {
            record(message);
            return null;
        }
        return dispatcher.up(message);
    }

    @Override
    public void up(MessageBatch batch) {
        batch.removeIf(message -> {
            if (isPlain(message)) {
                record(message);
                return true;
            }
            return false;
        }, true);
        if (!batch.isEmpty()) {
            dispatcher.up(batch);
        }
    }

    private static boolean isPlain(Message message) {
        return message.getHeader(CORRELATOR_ID) == null;
    }

    private void record(Message message) {
        deliveries.get().record(receiver, message.getArray(), message.getOffset());
    }
}
