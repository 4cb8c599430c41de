package io.xsite.core.internal.tunnel;

import io.xsite.wire.address.Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A listener that records everything a client reports, for assertions from the test thread. */
final class RecordingListener implements RouterListener {
    /** One delivered message; the payload as text, since tests send text. */
    record Received(Address sender, Address destination, String text) {
    }

    private final Queue<Received> messages = new ConcurrentLinkedQueue<>();
    private final Queue<Address> suspects = new ConcurrentLinkedQueue<>();
    private final Queue<InetSocketAddress> ups = new ConcurrentLinkedQueue<>();

    @Override
    public void onMessage(Address sender, Address destination, byte[] payload) {
        messages.add(new Received(sender, destination, new String(payload, StandardCharsets.UTF_8)));
    }

    @Override
    public void onSuspect(Address member) {
        suspects.add(member);
    }

    @Override
    public void onRouterUp(InetSocketAddress router) {
        ups.add(router);
    }

    List<Received> messages() {
        return List.copyOf(messages);
    }

    List<String> texts() {
        return messages.stream().map(Received::text).toList();
    }

    List<Address> suspects() {
        return List.copyOf(suspects);
    }

    List<InetSocketAddress> ups() {
        return List.copyOf(ups);
    }
}
