package io.xsite.relay.internal.reliability;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import java.util.ArrayList;
import java.util.List;

/** A {@link DestinationOutput} that records deliveries, acknowledgements, skipped gaps and refused epochs. */
final class RecordingDestination implements DestinationOutput {
    final List<Sequenced> delivered = new ArrayList<>();
    final List<Ack> acks = new ArrayList<>();
    final List<long[]> skipped = new ArrayList<>();
    final List<Long> forgotten = new ArrayList<>();

    @Override
    public void deliver(Sequenced element) {
        delivered.add(element);
    }

    @Override
    public void ack(UuidAddress origin, Destination destination, long epoch, long seq) {
        acks.add(new Ack(origin, destination, epoch, seq));
    }

    @Override
    public void skipped(UuidAddress origin, Destination destination, long epoch, long fromSeq, long toSeq) {
        skipped.add(new long[] {fromSeq, toSeq});
    }

    @Override
    public void forgotten(UuidAddress origin, Destination destination, long epoch) {
        forgotten.add(epoch);
    }

    /** The sequence numbers delivered so far, in delivery order. */
    List<Long> deliveredSeqs() {
        return delivered.stream().map(Sequenced::seq).toList();
    }

    /** The acknowledgements sent since the last call. */
    List<Ack> takeAcks() {
        List<Ack> taken = List.copyOf(acks);
        acks.clear();
        return taken;
    }
}
