package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.xsite.SiteLink;
import io.xsite.relay.SiteDownException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * The relay between sites as the grid sees it, in memory: payloads to a member, or to a site's site master
 * (its first member still up), arrive in order on one delivery thread; a site cut off from another (both ways)
 * is down for it: sends fail at once and what was on its way is lost, as the relay gives it up with its site.
 */
final class SiteNetwork implements AutoCloseable {
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "site-network");
        t.setDaemon(true);
        return t;
    });
    private final Map<UuidAddress, BiConsumer<UuidAddress, byte[]>> receivers = new ConcurrentHashMap<>();
    private final Map<String, List<UuidAddress>> sites = new ConcurrentHashMap<>();
    private final Set<Set<String>> cuts = ConcurrentHashMap.newKeySet();
    /** A one-way hold ({@link #holdAfter}): its sites, the payloads still let through, and what it holds. */
    private final Object holdLock = new Object();
    private List<String> held;
    private int letThrough;
    private final List<Runnable> holding = new ArrayList<>();

    /** The link of {@code member} (whose address carries its site); the first member of a site is its site master. */
    SiteLink link(UuidAddress member) {
        sites.computeIfAbsent(member.site(), s -> new CopyOnWriteArrayList<>()).add(member);
        return new SiteLink() {
            @Override
            public String site() {
                return member.site();
            }

            @Override
            public CompletableFuture<Void> send(UuidAddress to, byte[] payload) {
                return SiteNetwork.this.send(member, to, payload);
            }

            @Override
            public void onReceive(BiConsumer<UuidAddress, byte[]> receiver) {
                receivers.put(member, receiver);
            }
        };
    }

    /** Cuts {@code a} and {@code b} apart. */
    void cut(String a, String b) {
        cuts.add(Set.of(a, b));
    }

    void heal() {
        cuts.clear();
    }

    /**
     * Lets {@code payloads} more payloads from site {@code from} to site {@code to} through, then keeps the rest
     * (sends succeed; nothing arrives) until {@link #release}: a site that takes requests and does not answer.
     */
    void holdAfter(String from, String to, int payloads) {
        synchronized (holdLock) {
            held = List.of(from, to);
            letThrough = payloads;
        }
    }

    /** Delivers what was held, in order, and holds nothing more. */
    void release() {
        synchronized (holdLock) {
            held = null;
            holding.forEach(delivery::execute);
            holding.clear();
        }
    }

    /** {@code member} is gone: nothing reaches it, and its site's next member is site master if it was. */
    void crash(UuidAddress member) {
        receivers.remove(member);
        sites.getOrDefault(member.site(), List.of()).remove(member);
    }

    /** Makes {@code member} the last in line for its site's site master (a site-master failover when it was first). */
    void demote(UuidAddress member) {
        List<UuidAddress> members = sites.get(member.site());
        if (members.remove(member)) {
            members.add(member);
        }
    }

    private CompletableFuture<Void> send(UuidAddress from, UuidAddress to, byte[] payload) {
        if (!receivers.containsKey(from)) {
            return CompletableFuture.failedFuture(new IllegalStateException(from + " crashed"));
        }
        if (cuts.contains(Set.of(from.site(), to.site()))) {
            return CompletableFuture.failedFuture(new SiteDownException(to.site()));
        }
        Runnable deliver = () -> {
            UuidAddress target = to.kind() == UuidAddress.Kind.SITE_MASTER
                    ? sites.getOrDefault(to.site(), List.of()).stream().findFirst().orElse(null) : to;
            BiConsumer<UuidAddress, byte[]> receiver = target == null ? null : receivers.get(target);
            if (receiver != null && !cuts.contains(Set.of(from.site(), to.site()))) {
                receiver.accept(from, payload);
            }
        };
        synchronized (holdLock) {
            if (held != null && held.equals(List.of(from.site(), to.site())) && letThrough-- <= 0) {
                holding.add(deliver);
            } else {
                delivery.execute(deliver);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }
}
