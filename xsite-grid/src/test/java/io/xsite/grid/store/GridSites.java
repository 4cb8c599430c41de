package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Several sites of grid members, each on its own seeded in-memory network, linked by a {@link SiteNetwork}:
 * crash members and whole sites, fail site masters over, cut sites apart, and read what each site holds.
 */
final class GridSites implements AutoCloseable {
    /** One member of a site and its grid. */
    record Node(Member member, GridStore grid) {
        GridCache cache() {
            return grid.cache("default").orElseThrow();
        }
    }

    private final SiteNetwork network = new SiteNetwork();
    private final Map<String, GridTestSites.InMemory> sites = new LinkedHashMap<>();
    private final Map<String, List<Node>> live = new LinkedHashMap<>();
    private final Function<String, GridConfig> configs;
    private final StoreSettings settings;
    private final Random random;
    private int started;

    /** Starts {@code members} members in each of {@code siteNames}, with the grid configured per site. */
    GridSites(long seed, List<String> siteNames, int members, Function<String, GridConfig> configs) {
        this(seed, siteNames, members, configs, StoreSettings.DEFAULTS);
    }

    /** As above, each grid with {@code settings}. */
    GridSites(long seed, List<String> siteNames, int members, Function<String, GridConfig> configs,
              StoreSettings settings) {
        this.configs = configs;
        this.settings = settings;
        this.random = new Random(seed);
        for (String site : siteNames) {
            sites.put(site, new GridTestSites.InMemory("grid-" + site, seed, site));
            startSite(site, members);
        }
        awaitBalanced();
    }

    /** Starts {@code members} new members of {@code site} (none running), each with its grid, once they form a view. */
    void startSite(String site, int members) {
        List<Member> joined = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            joined.add(sites.get(site).start(site + "-m" + started++));
        }
        await(site + ": one view of " + members).atMost(ofSeconds(30)).until(() -> joined.stream()
                .allMatch(m -> m.view() != null && m.view().size() == members));
        List<Node> nodes = new ArrayList<>();
        joined.forEach(m -> nodes.add(new Node(m, startGrid(site, m))));
        live.put(site, nodes);
    }

    private GridStore startGrid(String site, Member member) {
        return GridStore.start(member, configs.apply(site), new SimpleMeterRegistry(), settings,
                System::currentTimeMillis, network.link(member.address()));
    }

    List<String> siteNames() {
        return List.copyOf(live.keySet());
    }

    /** The default cache through a random live member of {@code site}. */
    GridCache cache(String site) {
        List<Node> nodes = live.get(site);
        return nodes.get(random.nextInt(nodes.size())).cache();
    }

    List<Node> nodes(String site) {
        return live.get(site);
    }

    /** Crashes a random member of {@code site} once its rebalance ended, and starts another in its place. */
    void crashAndReplace(String site) {
        awaitBalanced(site);
        List<Node> nodes = live.get(site);
        Node victim = nodes.remove(random.nextInt(nodes.size()));
        network.crash(victim.member().address());
        sites.get(site).crash(victim.member());
        victim.grid().close();
        Member joiner = sites.get(site).start(site + "-m" + started++);
        await(joiner.name() + " joins " + site).atMost(ofSeconds(30))
                .until(() -> joiner.view() != null && joiner.view().size() == nodes.size() + 1);
        nodes.add(new Node(joiner, startGrid(site, joiner)));
    }

    /**
     * Starts one more member of {@code site} and its grid at once, before it joined a view, as {@code xsite node}
     * does: a site's members started one by one join (and rebalance) one at a time.
     */
    Node startMember(String site) {
        Member member = sites.get(site).start(site + "-m" + started++);
        Node node = new Node(member, startGrid(site, member));
        live.computeIfAbsent(site, s -> new ArrayList<>()).add(node);
        return node;
    }

    /** Crashes {@code node} of {@code site}, whatever its rebalance is doing. */
    void crash(String site, Node node) {
        live.get(site).remove(node);
        network.crash(node.member().address());
        sites.get(site).crash(node.member());
        node.grid().close();
    }

    /** Every member of {@code site} crashes at once. */
    void crashSite(String site) {
        for (Node node : live.remove(site)) {
            network.crash(node.member().address());
            sites.get(site).crash(node.member());
            node.grid().close();
        }
    }

    /** The site master of {@code site} hands the role to the next member. */
    void failOverSiteMaster(String site) {
        network.demote(live.get(site).get(0).member().address());
        live.get(site).add(live.get(site).remove(0));
    }

    /** Slows the network between the members of {@code site} ({@link GridTestSites.InMemory#slow}). */
    void slow(String site, java.time.Duration delay, java.time.Duration jitter) {
        sites.get(site).slow(delay, jitter);
    }

    void cut(String a, String b) {
        network.cut(a, b);
    }

    void heal() {
        network.heal();
    }

    /** Delivers {@code payloads} more payloads from site {@code from} to site {@code to}, then holds the rest. */
    void holdAfter(String from, String to, int payloads) {
        network.holdAfter(from, to, payloads);
    }

    /** Delivers what was held, in order, and holds nothing more. */
    void release() {
        network.release();
    }

    void awaitBalanced() {
        live.keySet().forEach(this::awaitBalanced);
    }

    /** Waits until the members of {@code site} share one view and each ended its rebalance. */
    void awaitBalanced(String site) {
        List<Node> nodes = live.get(site);
        await(site + ": one view and the rebalance done").atMost(ofSeconds(60)).until(() -> {
            Set<Object> views = new HashSet<>();
            for (Node node : nodes) {
                if (node.member().view() == null || node.member().view().size() != nodes.size()) {
                    return false;
                }
                views.add(node.member().view().id());
            }
            return views.size() == 1 && nodes.stream().allMatch(n -> n.grid().balanced());
        });
    }

    /** Keys the primaries of {@code site} still owe a backup site. */
    long owed(String site) {
        long owed = 0;
        for (Node node : live.get(site)) {
            owed += node.grid().onThread(() -> node.grid().replica("default").owedByPrimary());
        }
        return owed;
    }

    /** What {@code site} holds: every live value, by key, read from the primaries' copies. */
    Map<String, String> contents(String site) {
        Map<String, String> contents = new TreeMap<>();
        long now = System.currentTimeMillis();
        primaryEntries(site).stream().filter(e -> e.getValue().isLive(now)).forEach(e -> contents.put(
                new String(e.getKey().bytes(), UTF_8), new String(e.getValue().value(), UTF_8)));
        return contents;
    }

    /** Tombstones the primaries of {@code site} hold. */
    long tombstones(String site) {
        return primaryEntries(site).stream().filter(e -> e.getValue().isTombstone()).count();
    }

    private List<Map.Entry<StoredKey, StoredEntry>> primaryEntries(String site) {
        List<Map.Entry<StoredKey, StoredEntry>> entries = new ArrayList<>();
        for (Node node : live.get(site)) {
            entries.addAll(node.grid().onThread(() -> {
                List<Map.Entry<StoredKey, StoredEntry>> held = new ArrayList<>();
                CacheReplica replica = node.grid().replica("default");
                for (int segment = 0; segment < replica.segments(); segment++) {
                    SegmentStore store = replica.primaryStore(segment);
                    if (store != null) {
                        held.addAll(store.chunk(0, Integer.MAX_VALUE, Integer.MAX_VALUE).entries());
                    }
                }
                return held;
            }));
        }
        return entries;
    }

    @Override
    public void close() {
        live.values().forEach(nodes -> nodes.forEach(n -> n.grid().close()));
        sites.values().forEach(GridTestSites.InMemory::close);
        network.close();
    }

    @Override
    public String toString() {
        return sites.values().toString();
    }
}
