package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.Expiry;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridException;
import io.xsite.grid.GridStatus;
import io.xsite.grid.GridWrite;
import io.xsite.grid.ScanPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache operations through members that are not the key's primary, on the in-memory network. */
class GridCacheTest {
    private static GridTestSites.InMemory site;
    private static final List<GridStore> grids = new ArrayList<>();
    private static final List<Member> members = new ArrayList<>();

    @BeforeAll
    static void startSite() {
        site = new GridTestSites.InMemory("grid-cache", 11);
        for (int i = 0; i < 3; i++) {
            members.add(site.start("m" + i));
        }
        GridConfig config = new GridConfig(List.of(CacheConfig.named("default"), new CacheConfig("everywhere",
                CacheConfig.ALL_MEMBERS, 16)));
        grids.addAll(Grids.start(members, config));
    }

    @AfterAll
    static void stopSite() {
        grids.forEach(GridStore::close);
        site.close();
    }

    @Test
    void putIfAbsentRemoveAndSetGetBehaveAsRedisDoes() {
        GridCache cache = cache(1);
        byte[] key = bytes("conditional");
        assertThat(cache.putIfAbsent(key, bytes("first")).join()).isTrue();
        assertThat(cache(2).putIfAbsent(key, bytes("second")).join()).isFalse();
        GridWrite.Put setGet = new GridWrite.Put(bytes("third"), Expiry.never(), GridWrite.Condition.ALWAYS, true);
        assertThat(cache.write(key, setGet).join().previous()).map(GridEntry::value).map(GridCacheTest::text)
                .contains("first");
        assertThat(cache(0).get(key).join()).map(GridEntry::value).map(GridCacheTest::text).contains("third");
        assertThat(cache.remove(key).join()).isTrue();
        assertThat(cache.remove(key).join()).isFalse();
        assertThat(cache(2).get(key).join()).isEmpty();
    }

    @Test
    void anEntryExpiresForEveryReaderAndIsSweptAway() {
        byte[] key = bytes("expiring");
        cache(0).put(key, bytes("soon gone"), Duration.ofMillis(300)).join();
        assertThat(cache(1).get(key).join()).hasValueSatisfying(e -> assertThat(e.expires()).isTrue());
        await("expired").atMost(ofSeconds(5)).until(() -> cache(2).get(key).join().isEmpty());
        assertThat(cache(1).write(key, new GridWrite.SetExpiry(Expiry.never())).join().applied()).isFalse();
    }

    @Test
    void anIncrementOfTextFailsWithNotAnInteger() {
        byte[] key = bytes("text");
        cache(0).put(key, bytes("hello")).join();
        assertThat(cache(1).write(key, new GridWrite.Increment(1))).failsWithin(ofSeconds(10))
                .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOfSatisfying(GridException.class,
                        e -> assertThat(e.reason()).isEqualTo(GridException.Reason.NOT_AN_INTEGER));
    }

    @Test
    void aScanReturnsEveryKeyAndSizeCountsThem() {
        GridCache cache = grids.get(0).cache("everywhere").orElseThrow();
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            cache.put(bytes("scan-" + i), bytes("v")).join();
            written.add("scan-" + i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int pages = 0;
        do {
            ScanPage page = grids.get(1).cache("everywhere").orElseThrow().scan(cursor, 50).join();
            page.keys().forEach(k -> seen.add(text(k)));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != 0);
        assertThat(seen).isEqualTo(written);
        assertThat(pages).isGreaterThan(1);
        assertThat(grids.get(2).cache("everywhere").orElseThrow().size().join()).isEqualTo(300);
    }

    @Test
    void aCacheOnEveryMemberHasACopyEverywhereAndTheStatusSaysSo() {
        grids.get(0).cache("everywhere").orElseThrow().put(bytes("all"), bytes("here")).join();
        StoredKey key = StoredKey.of(bytes("all"));
        for (GridStore grid : grids) {
            assertThat(grid.onThread(() -> grid.replica("everywhere").held(key))).isNotNull();
        }
        GridStatus status = grids.get(1).status();
        assertThat(status.writable()).isTrue();
        GridStatus.CacheStatus everywhere = status.caches().stream().filter(c -> c.name().equals("everywhere"))
                .findFirst().orElseThrow();
        assertThat(everywhere.segmentOwners()).hasSize(16).allSatisfy((segment, owners) -> assertThat(owners).hasSize(3));
        assertThat(everywhere.rebalancing()).isFalse();
        assertThat(everywhere.segmentsWithoutOwners()).isZero();
    }

    @Test
    void operationsAndStateAreMetered() {
        cache(0).put(bytes("metered"), bytes("v")).join();
        cache(0).get(bytes("metered")).join();
        MeterRegistry registry = grids.get(0).meterRegistry();
        String text = ((PrometheusMeterRegistry) registry).scrape();
        assertThat(text).contains("xsite_grid_operations_seconds_count{", "operation=\"put\"", "operation=\"get\"",
                "xsite_grid_keys{", "xsite_grid_memory_bytes{", "xsite_grid_rebalance_segments_pending{",
                "xsite_grid_segments_without_owners{", "xsite_grid_writable{");
    }

    @Test
    void theApplicationKeepsTheMembersRequestHandlerAndMessages() {
        members.get(0).setRequestHandler(request -> bytes("application"));
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        members.get(0).addMessageListener(m -> {
            if (!m.headers().containsKey(GridMessenger.HEADER)) {
                heard.add(text(m.payload()));
            }
        });
        cache(1).put(bytes("alongside"), bytes("v")).join();
        io.xsite.core.delivery.Replies replies = members.get(1).request(members.get(0).address(), bytes("hello"),
                Duration.ofSeconds(10)).join();
        assertThat(text(replies.responses().get(0).payload())).isEqualTo("application");
        members.get(2).send(members.get(0).address(), bytes("chat")).join();
        await("the application hears its message").atMost(ofSeconds(10)).until(() -> heard.contains("chat"));
        assertThat(heard).containsExactly("chat");
        assertThat(cache(0).get(bytes("alongside")).join()).isPresent();
    }

    @Test
    void aKeyTooLargeForOneMessageIsABadRequest() {
        assertThat(cache(0).put(bytes("big"), new byte[2 << 20])).failsWithin(ofSeconds(5))
                .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOfSatisfying(GridException.class,
                        e -> assertThat(e.reason()).isEqualTo(GridException.Reason.BAD_REQUEST));
    }

    private static GridCache cache(int member) {
        return grids.get(member).cache("default").orElseThrow();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
