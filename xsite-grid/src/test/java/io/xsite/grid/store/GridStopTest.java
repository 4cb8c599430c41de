package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operations a member forwarded to a key's primary whose grid stops, or whose member leaves, while they are in
 * flight: each ends promptly, failed with a {@link GridException} or retried at the new primary, never left
 * waiting for the 10 s operation timeout (or for ever). On the seeded in-memory network.
 */
class GridStopTest {
    /** Far below the 10 s operation and request timeouts: an answer within it came from the fix, not a timer. */
    private static final Duration PROMPT = Duration.ofSeconds(4);
    private static final int KEYS = 20;

    private final GridTestSites.InMemory site = new GridTestSites.InMemory("grid-stop", 23);
    private final List<Member> members = new ArrayList<>();
    private List<GridStore> grids;
    /** Keys whose primary is m1. */
    private List<byte[]> keys;
    /** m0's cache, which forwards the keys' operations to m1. */
    private GridCache accepting;

    @BeforeEach
    void startSite() {
        for (int i = 0; i < 3; i++) {
            members.add(site.start("m" + i));
        }
        grids = Grids.start(members, GridConfig.defaults());
        keys = keysWithPrimary(1);
        accepting = grids.get(0).cache("default").orElseThrow();
    }

    @AfterEach
    void stop() {
        grids.forEach(GridStore::close);
        site.close();
    }

    @Test
    void operationsForwardedToAPrimaryWhoseGridStopsFailPromptly() {
        List<CompletableFuture<Void>> puts = putEveryKey();
        grids.get(1).close();
        puts.forEach(put -> assertThat(endsPromptly(put)).isIn("ok", "UNAVAILABLE"));

        // The stopped grid's member is still in the view: what is sent to it now fails at once too.
        CompletableFuture<Void> after = accepting.put(keys.get(0), "after".getBytes(UTF_8));
        assertThat(endsPromptly(after)).isEqualTo("UNAVAILABLE");
    }

    @Test
    void operationsForwardedToAPrimaryThatLeavesAreRetriedAtTheNewPrimary() {
        List<CompletableFuture<Void>> puts = putEveryKey();
        grids.get(1).close();
        members.get(1).close();
        puts.forEach(put -> assertThat(endsPromptly(put)).isIn("ok", "UNAVAILABLE"));

        accepting.put(keys.get(0), "after".getBytes(UTF_8)).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(grids.get(2).cache("default").orElseThrow().get(keys.get(0)).join()).hasValueSatisfying(e ->
                assertThat(new String(e.value(), UTF_8)).isEqualTo("after"));
    }

    @Test
    void operationsOfAGridThatStopsFailPromptly() {
        List<CompletableFuture<Void>> puts = putEveryKey();
        grids.get(0).close();
        puts.forEach(put -> assertThat(endsPromptly(put)).isIn("ok", "UNAVAILABLE"));
        assertThat(endsPromptly(accepting.put(keys.get(0), keys.get(0)))).isEqualTo("UNAVAILABLE");
    }

    /** Puts every key through m0, without waiting: they are in flight. */
    private List<CompletableFuture<Void>> putEveryKey() {
        return keys.stream().map(k -> accepting.put(k, k)).toList();
    }

    /** Keys whose primary is member {@code index}. */
    private List<byte[]> keysWithPrimary(int index) {
        GridStore grid = grids.get(0);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; keys.size() < KEYS; i++) {
            byte[] key = ("stop-" + i).getBytes(UTF_8);
            if (grid.onThread(() -> grid.replica("default").primaryOf(StoredKey.of(key)))
                    .equals(members.get(index).address())) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** "ok", or the reason of the {@link GridException} the operation failed with, within {@link #PROMPT}. */
    private static String endsPromptly(CompletableFuture<?> operation) {
        try {
            operation.orTimeout(PROMPT.toMillis(), TimeUnit.MILLISECONDS).join();
            return "ok";
        } catch (CompletionException e) {
            assertThat(e.getCause()).as("failed with a GridException, not a timeout").isInstanceOf(GridException.class);
            return ((GridException) e.getCause()).reason().name();
        }
    }
}
