package io.xsite.grid.xsite;

import io.xsite.wire.address.UuidAddress;
import io.netty.channel.EventLoop;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * How a site's grid reaches the other sites (grid.md, "Between sites"): the grid sends its backups to a backup
 * site's site master and its answers to the member that asked. {@link RelaySiteLink} carries them over a
 * {@link io.xsite.relay.RelayNode}; tests use links of their own.
 *
 * <p>What a link must give: payloads to one member arrive at most once and in order; a send fails, or the
 * payload is lost, when its site is down (the grid sends again after its timeout).
 */
public interface SiteLink {

    /** This member's site. */
    String site();

    /**
     * Sends {@code payload} to {@code to}: a member of another site, or a site's current site master
     * ({@link UuidAddress#siteMaster(String)}). Completes once the link took it; fails when it cannot (the site
     * is down).
     */
    CompletableFuture<Void> send(UuidAddress to, byte[] payload);

    /**
     * Hands every grid payload from another site to {@code receiver}, with its sender; set once, before the
     * grid runs. The receiver does not block.
     */
    void onReceive(BiConsumer<UuidAddress, byte[]> receiver);

    /**
     * The event loop that runs the member and delivers this link's payloads, for the grid to run on as well
     * (no thread hand-off between grid and messages); empty: the grid runs a thread of its own.
     */
    default Optional<EventLoop> thread() {
        return Optional.empty();
    }
}
