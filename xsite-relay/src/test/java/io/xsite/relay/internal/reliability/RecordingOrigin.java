package io.xsite.relay.internal.reliability;

import java.util.ArrayList;
import java.util.List;
import io.xsite.relay.reliability.Destination;

/** An {@link OriginOutput} that records what the origin emits, for tests to inspect and route. */
final class RecordingOrigin implements OriginOutput {
    final List<Sequenced> transmitted = new ArrayList<>();
    final List<Destination> windowsOpened = new ArrayList<>();

    @Override
    public void transmit(Sequenced element) {
        transmitted.add(element);
    }

    @Override
    public void windowOpened(Destination to) {
        windowsOpened.add(to);
    }

    /** The elements transmitted since the last call, oldest first. */
    List<Sequenced> take() {
        List<Sequenced> taken = List.copyOf(transmitted);
        transmitted.clear();
        return taken;
    }
}
