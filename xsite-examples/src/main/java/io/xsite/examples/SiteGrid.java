package io.xsite.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.Grid;
import io.xsite.grid.GridConfig;
import io.xsite.grid.store.GridStore;
import io.xsite.grid.xsite.RelaySiteLink;
import io.xsite.relay.RelayNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The grid embedded in the members of a site: a replicated key/value cache on every member, backed up to
 * another site. Run on nodes started as in {@link CrossSiteNode}, one site backing up to the other, and type
 * {@code put key value} or {@code get key}:
 *
 * <pre>
 * java io.xsite.examples.SiteGrid nyc A 7800 127.0.0.1:7800 127.0.0.1:12001 sfc
 * java io.xsite.examples.SiteGrid sfc X 7900 127.0.0.1:7900 127.0.0.1:12001 nyc
 * </pre>
 */
public final class SiteGrid {
    private SiteGrid() {
    }

    // tag::readme[]
    /** Starts the grid on {@code node}: cache "default", whose writes complete once {@code backupSite} has them. */
    public static GridStore start(RelayNode node, String backupSite) {
        CacheConfig cache = CacheConfig.named("default")
                .withBackups(List.of(BackupConfig.to(backupSite, BackupConfig.Strategy.SYNC)));
        return GridStore.start(node.localMember(), new GridConfig(List.of(cache)), RelaySiteLink.of(node));
    }

    /** Writes {@code key}; any member of the site may be asked, it forwards to the key's owners. */
    public static CompletableFuture<Void> put(Grid grid, String key, String value) {
        return grid.cache("default").orElseThrow().put(key.getBytes(UTF_8), value.getBytes(UTF_8));
    }

    /** Reads {@code key}; empty if no member of the site holds it. */
    public static CompletableFuture<Optional<String>> get(Grid grid, String key) {
        return grid.cache("default").orElseThrow().get(key.getBytes(UTF_8))
                .thenApply(entry -> entry.map(found -> new String(found.value(), UTF_8)));
    }
    // end::readme[]

    /** Arguments: as {@link CrossSiteNode}, then the backup site; input lines "put key value" or "get key". */
    public static void main(String[] args) throws Exception {
        String[] router = args[4].split(":", 2);
        InetSocketAddress routerAddress = new InetSocketAddress(router[0], Integer.parseInt(router[1]));
        try (RelayNode node = CrossSiteNode.join(args[0], args[1], Integer.parseInt(args[2]), args[3], routerAddress,
                System.out::println);
             GridStore grid = start(node, args[5]);
             BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] words = line.split(" ", 3);
                if (words.length == 3 && words[0].equals("put")) {
                    put(grid, words[1], words[2]).join();
                } else if (words.length == 2 && words[0].equals("get")) {
                    System.out.println(get(grid, words[1]).join().orElse("(none)"));
                }
            }
        }
    }
}
