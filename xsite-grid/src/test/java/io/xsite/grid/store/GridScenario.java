package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A site of grid members on the seeded in-memory network, driven by a test: writes from random members,
 * crashes (one at a time, each after the previous rebalance ended: owners 2 survive one crash at a time),
 * joins, the isolation of one member and heals. An isolation after a crash also waits for that crash's
 * rebalance to end: cutting off the member that holds the only complete copy of a segment still moving would
 * be a second failure (docs/design.md, grid "Known limits"). It records every write's outcome per key (writes of one key
 * one at a time; a key whose write failed is written no more, since the failed write may still apply) and
 * checks at the end that every acknowledged write reads back, that owners agree, and that every segment has
 * its copies.
 */
final class GridScenario implements AutoCloseable {
    private static final int KEYS = 40;

    private record Node(Member member, GridStore grid) {
        GridCache cache() {
            return grid.cache("default").orElseThrow();
        }
    }

    /** One key's writes in order: a value, or null for a removal; and how each ended. */
    private static final class History {
        final List<byte[]> values = new ArrayList<>();
        final List<Boolean> acknowledged = new ArrayList<>();
        boolean busy;
        boolean retired;
    }

    private final GridTestSites.InMemory site;
    private final Random random;
    private final List<Node> live = new ArrayList<>();
    private final Map<Integer, History> histories = new ConcurrentHashMap<>();
    private final List<CompletableFuture<?>> pending = new ArrayList<>();
    private Node isolated;
    /** A crash since the last wait for a finished rebalance. */
    private boolean rebalancing;
    private int started;
    private int written;

    GridScenario(long seed) {
        this.site = new GridTestSites.InMemory("grid-sim", seed);
        this.random = new Random(seed);
    }

    /** Starts {@code count} members, waits for one view of all, then starts the grid on each. */
    void start(int count) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(site.start("m" + started++));
        }
        List<GridStore> grids = Grids.start(members, GridConfig.defaults());
        for (int i = 0; i < count; i++) {
            live.add(new Node(members.get(i), grids.get(i)));
        }
    }

    /** Writes {@code count} random keys from random members, without waiting for the answers. */
    synchronized void write(int count) {
        for (int i = 0; i < count; i++) {
            int key = random.nextInt(KEYS);
            History history = histories.computeIfAbsent(key, k -> new History());
            synchronized (history) {
                if (history.busy || history.retired) {
                    continue;
                }
                history.busy = true;
                byte[] value = random.nextInt(5) == 0 ? null : ("v" + written++).getBytes(UTF_8);
                history.values.add(value);
                history.acknowledged.add(false);
                int index = history.values.size() - 1;
                GridCache cache = live.get(random.nextInt(live.size())).cache();
                CompletableFuture<?> write = value == null ? cache.remove(key(key)) : cache.put(key(key), value);
                pending.add(write.whenComplete((ok, failure) -> {
                    synchronized (history) {
                        history.busy = false;
                        history.acknowledged.set(index, failure == null);
                        history.retired |= failure != null;
                    }
                }));
            }
        }
    }

    /** Crashes a random member once the previous rebalance ended, if no member is isolated and three are up. */
    void crash() {
        if (isolated != null || live.size() < 3) {
            return;
        }
        awaitBalanced();
        rebalancing = true;
        Node victim = live.remove(random.nextInt(live.size()));
        site.crash(victim.member());
        victim.grid().close();
    }

    /** Starts a member; its grid starts once it is in the site's view. Not while a member is isolated. */
    void join() {
        if (isolated != null) {
            return;
        }
        Member member = site.start("m" + started++);
        await("m" + (started - 1) + " joins " + site).atMost(ofSeconds(30))
                .until(() -> member.view() != null && member.view().size() == live.size() + 1);
        live.add(new Node(member, GridStore.start(member, GridConfig.defaults())));
    }

    /** Cuts one random member off from the others, if three are up and none is isolated. */
    void isolate() {
        if (isolated != null || live.size() < 3) {
            return;
        }
        if (rebalancing) {
            awaitBalanced();
        }
        Node cut = live.get(random.nextInt(live.size()));
        isolated = cut;
        site.partition(List.of(cut.member()), live.stream().filter(n -> n != cut).map(Node::member).toList());
        await("both sides see the partition " + site).atMost(ofSeconds(30)).until(() -> live.stream()
                .allMatch(n -> n.member().view().size() == (n == cut ? 1 : live.size() - 1)));
    }

    void heal() {
        site.heal();
        isolated = null;
    }

    /** Heals, waits for every write's answer and for the rebalance to end, then checks the site. */
    void checkEverything() {
        heal();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((ok, failure) -> null).join();
        awaitBalanced();
        checkAcknowledgedWritesReadBack();
        checkCopies();
    }

    private void awaitBalanced() {
        rebalancing = false;
        await("one view of every member and the rebalance done " + site).atMost(ofSeconds(60)).until(() -> {
            Set<Object> views = new HashSet<>();
            for (Node node : live) {
                if (node.member().view() == null || node.member().view().size() != live.size()) {
                    return false;
                }
                views.add(node.member().view().id());
            }
            return views.size() == 1 && live.stream().allMatch(n -> n.grid().balanced());
        });
    }

    private void checkAcknowledgedWritesReadBack() {
        for (Map.Entry<Integer, History> e : histories.entrySet()) {
            History history = e.getValue();
            Optional<GridEntry> read = live.get(random.nextInt(live.size())).cache().get(key(e.getKey())).join();
            byte[] actual = read.map(GridEntry::value).orElse(null);
            int lastAcked = history.acknowledged.lastIndexOf(true);
            List<String> allowed = new ArrayList<>();
            if (lastAcked < 0) {
                allowed.add(null);
            }
            for (int i = Math.max(lastAcked, 0); i < history.values.size(); i++) {
                allowed.add(text(history.values.get(i)));
            }
            assertThat(allowed).as("key %d: the last acknowledged value or a later unacknowledged one (%s, %s)",
                    e.getKey(), history.acknowledged, site).contains(text(actual));
        }
    }

    private void checkCopies() {
        GridStore any = live.get(0).grid();
        int segments = any.onThread(() -> any.replica("default").segments());
        for (int segment = 0; segment < segments; segment++) {
            int s = segment;
            long holders = live.stream().filter(n -> n.grid().onThread(() -> n.grid().replica("default").holds(s)))
                    .count();
            long owners = live.stream().filter(n -> n.grid().onThread(() -> n.grid().replica("default").isOwner(s)))
                    .count();
            assertThat(owners).as("owners of segment %d", s).isEqualTo(Math.min(2, live.size()));
            assertThat(holders).as("copies of segment %d (%s)", s, site).isEqualTo(owners);
        }
        for (int key : histories.keySet()) {
            StoredKey stored = StoredKey.of(key(key));
            Set<String> values = new HashSet<>();
            for (Node node : live) {
                StoredEntry entry = node.grid().onThread(() -> {
                    CacheReplica replica = node.grid().replica("default");
                    return replica.isOwner(stored.segment(replica.segments())) ? replica.held(stored) : null;
                });
                boolean owner = node.grid().onThread(() -> node.grid().replica("default")
                        .isOwner(stored.segment(node.grid().replica("default").segments())));
                if (owner) {
                    values.add(entry == null ? "absent" : String.valueOf(text(entry.value())));
                }
            }
            assertThat(values).as("the owners' values of key %d (%s)", key, site).hasSize(1);
        }
    }

    private static byte[] key(int key) {
        return ("key-" + key).getBytes(UTF_8);
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, UTF_8);
    }

    @Override
    public void close() {
        live.forEach(node -> node.grid().close());
        site.close();
    }

    @Override
    public String toString() {
        return site.toString();
    }

    /** For assertions that need the per-key histories' sizes. */
    Map<Integer, Integer> writesPerKey() {
        Map<Integer, Integer> counts = new HashMap<>();
        histories.forEach((k, h) -> counts.put(k, h.values.size()));
        return counts;
    }
}
