package io.xsite.grid.xsite;

import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.RelayNode;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The grid's link between sites over a relay node: payloads ride the relay's end-to-end streams (delivered
 * once and in order, or given up with their site). The relay delivers the application's messages from every
 * site to every message listener, so grid payloads start with {@link #MARK}: the link takes only those, from
 * other sites, and other listeners of the node (a chat) should skip payloads that start with it.
 */
public final class RelaySiteLink implements SiteLink {
    /** The first bytes of every grid payload between sites: {@code "xsg"} and a zero byte. */
    public static final byte[] MARK = {'x', 's', 'g', 0};

    private final RelayNode node;

    private RelaySiteLink(RelayNode node) {
        this.node = node;
    }

    /** The link of {@code node}'s grid. */
    public static RelaySiteLink of(RelayNode node) {
        return new RelaySiteLink(Objects.requireNonNull(node, "node"));
    }

    /** Whether {@code payload} is the grid's (a message listener of the node that is not the grid skips it). */
    public static boolean isGridPayload(byte[] payload) {
        return payload.length >= MARK.length && Arrays.equals(payload, 0, MARK.length, MARK, 0, MARK.length);
    }

    @Override
    public String site() {
        return node.site();
    }

    @Override
    public CompletableFuture<Void> send(UuidAddress to, byte[] payload) {
        byte[] marked = new byte[MARK.length + payload.length];
        System.arraycopy(MARK, 0, marked, 0, MARK.length);
        System.arraycopy(payload, 0, marked, MARK.length, payload.length);
        return node.send(to, marked);
    }

    /** The node's relay thread, which runs its member and delivers the link's payloads. */
    @Override
    public Optional<EventLoop> thread() {
        return Optional.of(node.relayThread());
    }

    @Override
    public void onReceive(BiConsumer<UuidAddress, byte[]> receiver) {
        node.addMessageListener(message -> {
            byte[] payload = message.payload();
            UuidAddress from = message.sender();
            if (isGridPayload(payload) && from.site() != null && !from.site().equals(node.site())) {
                receiver.accept(from, Arrays.copyOfRange(payload, MARK.length, payload.length));
            }
        });
    }
}
