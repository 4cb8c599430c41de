package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.wire.address.UuidAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Puts of many keys at once ({@code MSET}), one write per primary: every key is stored at each of its owners as a
 * write of its own, and a primary crash in the middle of them loses no put and applies none twice (each put's id is
 * remembered with its entry, so a group retried at the new primary skips what the old one applied).
 */
class GridPutAllTest {
    private static final int KEYS = 10;
    private static final int ROUNDS = 40;

    @Test
    void everyKeyOfAPutAllIsStoredOnceAtEachOfItsOwners() {
        try (GridTestSites.Loopback site = new GridTestSites.Loopback("grid-putall", 3)) {
            List<Member> members = site.startAll();
            List<GridStore> grids = Grids.start(members, GridConfig.defaults());
            try {
                List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>();
                for (int k = 0; k < 30; k++) {
                    entries.add(Map.entry(key("a", k), ("v" + k).getBytes(UTF_8)));
                }
                entries.add(Map.entry(key("a", 0), "last".getBytes(UTF_8)));

                grids.get(0).cache("default").orElseThrow().putAll(entries).join();

                for (int k = 0; k < 30; k++) {
                    StoredKey key = StoredKey.of(key("a", k));
                    String expected = k == 0 ? "last" : "v" + k;
                    List<UuidAddress> owners = grids.get(0).onThread(() -> grids.get(0).replica("default")
                            .owners(key.segment(256)));
                    assertThat(owners).hasSize(2);
                    for (int m = 0; m < grids.size(); m++) {
                        GridStore grid = grids.get(m);
                        StoredEntry held = grid.onThread(() -> grid.replica("default").held(key));
                        if (owners.contains(members.get(m).address())) {
                            assertThat(new String(held.value(), UTF_8)).as("key %d at an owner", k).isEqualTo(expected);
                            assertThat(held.version()).as("key %d written once", k).isEqualTo(1);
                        }
                    }
                }
            } finally {
                grids.forEach(GridStore::close);
            }
        }
    }

    @Test
    void noPutIsLostOrAppliedTwiceAcrossAPrimaryCrash() {
        try (GridTestSites.Loopback site = new GridTestSites.Loopback("grid-putall-crash", 3)) {
            List<Member> members = site.startAll();
            List<GridStore> grids = Grids.start(members, GridConfig.defaults());
            try {
                int crashed = 2;
                AtomicInteger acknowledged = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                List<CompletableFuture<Void>> chains = List.of(
                        rounds(grids.get(0).cache("default").orElseThrow(), "c0", acknowledged, failed),
                        rounds(grids.get(1).cache("default").orElseThrow(), "c1", acknowledged, failed));

                await("a third of the rounds are done").atMost(ofSeconds(30))
                        .until(() -> acknowledged.get() >= 2 * ROUNDS / 3);
                members.get(crashed).simulateCrash();
                grids.get(crashed).close();
                CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join();

                assertThat(failed.get()).as("rounds that failed across the crash").isZero();
                for (String client : List.of("c0", "c1")) {
                    for (int k = 0; k < KEYS; k++) {
                        StoredKey key = StoredKey.of(key(client, k));
                        GridStore primary = grids.get(grids.get(0).onThread(() -> grids.get(0).replica("default")
                                .primaryOf(key)).equals(members.get(0).address()) ? 0 : 1);
                        StoredEntry held = primary.onThread(() -> primary.replica("default").held(key));
                        assertThat(new String(held.value(), UTF_8)).isEqualTo("round " + (ROUNDS - 1));
                        assertThat(held.version()).as("%s key %d: every put applied once", client, k)
                                .isEqualTo(ROUNDS);
                    }
                }
            } finally {
                grids.forEach(GridStore::close);
            }
        }
    }

    /** {@link #ROUNDS} puts of the client's {@link #KEYS} keys, one round after the other. */
    private static CompletableFuture<Void> rounds(GridCache cache, String client, AtomicInteger acknowledged,
                                                  AtomicInteger failed) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int r = 0; r < ROUNDS; r++) {
            List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                entries.add(Map.entry(key(client, k), ("round " + r).getBytes(UTF_8)));
            }
            chain = chain.thenCompose(ignored -> cache.putAll(entries).handle((done, e) -> {
                (e == null ? acknowledged : failed).incrementAndGet();
                return null;
            }));
        }
        return chain;
    }

    private static byte[] key(String client, int k) {
        return (client + ":key" + k).getBytes(UTF_8);
    }
}
