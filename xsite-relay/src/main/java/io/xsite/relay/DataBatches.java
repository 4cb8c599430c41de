package io.xsite.relay;

import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Gathers the elements a member's origin streams send in one burst into one {@link Envelope.Batch} per
 * destination. The first element of a burst schedules the flush as a task of the relay thread, behind the
 * sends queued already; everything sent before it runs goes in the same batch. Nothing waits for more
 * sends than that: a lone element leaves one task later, as a plain {@link Envelope.Data}.
 *
 * <p>Each element of a fast stream cost every site master on the way a message of its own (a frame to
 * decode, a route to read, a reliable send, an acknowledgement to count); a batch costs that once. Order
 * per destination is kept: a batch leaves whole, before any later element to the same destination, and
 * one that would grow past its bounds leaves first. Confined to the relay thread.
 */
final class DataBatches {
    /** Most bytes of elements in one batch: enough to amortise a message, small enough to keep latency flat. */
    static final int MAX_BYTES = 64 * 1024;

    private final Executor thread;
    private final int maxBytes;
    private final Consumer<Envelope.Streamed> dispatch;
    /** The batch being gathered per destination, in the order the destinations first sent. */
    private final Map<Destination, Gathering> open = new LinkedHashMap<>();
    private boolean flushScheduled;

    /**
     * @param thread   the relay thread, where the flush runs
     * @param maxBytes most bytes of elements (bodies and their fields) in a batch; a larger one travels alone
     * @param dispatch sends an envelope on its way
     */
    DataBatches(Executor thread, int maxBytes, Consumer<Envelope.Streamed> dispatch) {
        this.thread = thread;
        this.maxBytes = maxBytes;
        this.dispatch = dispatch;
    }

    /** Adds {@code data} to the batch to its destination; it leaves with the next flush at the latest. */
    void add(Envelope.Data data) {
        Destination to = data.route().to();
        Gathering gathering = open.get(to);
        if (gathering != null && !gathering.hasRoomFor(data, maxBytes)) {
            open.remove(to);
            send(gathering);
            gathering = null;
        }
        if (gathering == null) {
            gathering = new Gathering(data);
            open.put(to, gathering);
        } else {
            gathering.add(data);
        }
        if (!flushScheduled) {
            flushScheduled = true;
            thread.execute(this::flush);
        }
    }

    /** Sends every open batch. */
    private void flush() {
        flushScheduled = false;
        List<Gathering> leaving = new ArrayList<>(open.values());
        open.clear();
        leaving.forEach(this::send);
    }

    private void send(Gathering gathering) {
        List<Envelope.Data> parts = gathering.parts;
        dispatch.accept(parts.size() == 1 ? parts.get(0) : new Envelope.Batch(parts.get(0).route(), parts));
    }

    /** The elements gathered for one destination, all on the route of the first. */
    private static final class Gathering {
        final List<Envelope.Data> parts = new ArrayList<>();
        int bytes;

        Gathering(Envelope.Data first) {
            add(first);
        }

        boolean hasRoomFor(Envelope.Data data, int maxBytes) {
            return parts.size() < Envelope.Batch.MAX_PARTS && bytes + RelayCodec.elementSize(data) <= maxBytes;
        }

        void add(Envelope.Data data) {
            Envelope.Data part = parts.isEmpty() || data.route() == parts.get(0).route() ? data
                    : data.on(parts.get(0).route());
            parts.add(part);
            bytes += RelayCodec.elementSize(data);
        }
    }
}
