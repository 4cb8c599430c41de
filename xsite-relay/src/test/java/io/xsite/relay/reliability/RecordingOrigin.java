package io.xsite.relay.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@link OriginOutput} that records what the origin emits, for tests to inspect and route. */
final class RecordingOrigin implements OriginOutput {
    final List<Sequenced> transmitted = new ArrayList<>();
    final Map<Destination, List<Body>> failed = new LinkedHashMap<>();
    final List<Destination> windowsOpened = new ArrayList<>();

    @Override
    public void transmit(Sequenced element) {
        transmitted.add(element);
    }

    @Override
    public void failed(Destination to, List<Body> bodies) {
        failed.put(to, bodies);
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
