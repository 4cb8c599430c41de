package io.xsite.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.EncodedBody;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.routing.Route;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Elements sent in one burst leave as one batch per destination when the flush task runs; a lone one leaves
 * as plain data; bounds split a burst without reordering anything.
 */
class DataBatchesTest {
    private static final UuidAddress ALICE = UuidAddress.siteUuid(new UUID(1, 1), "alice", "nyc", 0);
    private static final Destination BOB = new Destination.Member(UuidAddress.siteUuid(new UUID(2, 2), "bob", "sfc", 0));
    private static final Destination LON = new Destination.Site("lon");

    private final Queue<Runnable> relayThread = new ArrayDeque<>();
    private final List<Envelope.Routed> dispatched = new ArrayList<>();

    @Test
    void aBurstLeavesAsOneBatchPerDestinationWhenTheFlushRuns() {
        DataBatches batches = new DataBatches(relayThread::add, DataBatches.MAX_BYTES, dispatched::add);
        batches.add(data(BOB, 1, 10));
        batches.add(data(LON, 1, 10));
        batches.add(data(BOB, 2, 10));
        batches.add(data(BOB, 3, 10));

        assertThat(dispatched).as("nothing before the flush").isEmpty();
        assertThat(relayThread).as("one flush for the burst").hasSize(1);
        relayThread.remove().run();

        assertThat(dispatched).hasSize(2);
        assertThat(dispatched.get(0)).isInstanceOf(Envelope.Batch.class);
        assertThat(seqs(dispatched.get(0))).containsExactly(1L, 2L, 3L);
        assertThat(dispatched.get(0).route().to()).isEqualTo(BOB);
        assertThat(dispatched.get(1)).as("a lone element is plain data").isInstanceOf(Envelope.Data.class);
        assertThat(dispatched.get(1).route().to()).isEqualTo(LON);
    }

    @Test
    void theNextBurstSchedulesItsOwnFlush() {
        DataBatches batches = new DataBatches(relayThread::add, DataBatches.MAX_BYTES, dispatched::add);
        batches.add(data(BOB, 1, 10));
        relayThread.remove().run();
        batches.add(data(BOB, 2, 10));

        assertThat(relayThread).hasSize(1);
        relayThread.remove().run();
        assertThat(dispatched).extracting(envelope -> seqs(envelope).get(0)).containsExactly(1L, 2L);
    }

    /** Whatever the sizes and the bound, each destination's elements leave once each, in order, within bounds. */
    @Property(tries = 300)
    void boundsSplitBurstsWithoutReorderingOrLosing(@ForAll @Size(max = 60) List<@IntRange(max = 3000) Integer> sizes,
                                                    @ForAll @IntRange(min = 1, max = 5000) int maxBytes) {
        Queue<Runnable> relayThread = new ArrayDeque<>(); // one try's own: jqwik keeps the instance between tries
        List<Envelope.Routed> dispatched = new ArrayList<>();
        DataBatches batches = new DataBatches(relayThread::add, maxBytes, dispatched::add);
        long seq = 0;
        for (int size : sizes) {
            seq++;
            batches.add(data(seq % 3 == 0 ? LON : BOB, seq, size));
        }
        while (!relayThread.isEmpty()) {
            relayThread.remove().run();
        }

        for (Destination to : List.of(BOB, LON)) {
            List<Long> expected = Stream.iterate(1L, s -> s + 1).limit(sizes.size())
                    .filter(s -> (s % 3 == 0 ? LON : BOB).equals(to)).toList();
            List<Long> sent = dispatched.stream().filter(envelope -> envelope.route().to().equals(to))
                    .flatMap(envelope -> seqs(envelope).stream()).toList();
            assertThat(sent).isEqualTo(expected);
        }
        for (Envelope.Routed envelope : dispatched) {
            if (envelope instanceof Envelope.Batch batch) {
                int bytes = batch.parts().stream().mapToInt(RelayCodec::elementSize).sum();
                assertThat(bytes).isLessThanOrEqualTo(maxBytes);
            }
        }
    }

    private static List<Long> seqs(Envelope.Routed envelope) {
        return ((Envelope.Streamed) envelope).parts().stream().map(Envelope.Data::seq).toList();
    }

    private static Envelope.Data data(Destination to, long seq, int bytes) {
        return new Envelope.Data(Route.from(ALICE, to), 7, seq, 1, new EncodedBody(new byte[bytes]));
    }
}
