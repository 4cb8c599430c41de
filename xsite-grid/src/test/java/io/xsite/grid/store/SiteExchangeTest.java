package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.GridEntry;
import io.xsite.grid.xsite.SiteLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The backups asked for in one round of the grid thread leave as one message per site and cache, answered as one. */
class SiteExchangeTest {
    private static final Duration TIMEOUT = ofSeconds(10);

    private final GridThread thread = GridThread.own("nyc/a");
    private final RecordingLink link = new RecordingLink();
    private final SiteExchange exchange = new SiteExchange(link, thread, "nyc/a", (from, backup) -> { },
            (from, push) -> { }, (from, request) -> { });

    @AfterEach
    void stop() {
        thread.close();
    }

    @Test
    void backupsOfOneRoundTravelAsOneMessageAndShareItsAnswer() {
        List<CompletableFuture<Boolean>> applied = onThread(() -> List.of(
                exchange.backup("sfc", "default", entries(0, 1), TIMEOUT),
                exchange.backup("sfc", "default", entries(1, 3), TIMEOUT),
                exchange.backup("sfc", "sessions", entries(3, 4), TIMEOUT),
                exchange.backup("lon", "default", entries(4, 5), TIMEOUT)));

        await("the round's backups are sent").atMost(ofSeconds(10)).until(() -> link.sent.size() == 3);
        assertThat(link.sent).extracting(Sent::site, Sent::cache, Sent::keys).containsExactly(
                tuple("sfc", "default", List.of("k0", "k1", "k2")),
                tuple("sfc", "sessions", List.of("k3")),
                tuple("lon", "default", List.of("k4")));

        link.answer(link.sent.get(0), true);
        link.answer(link.sent.get(1), false);
        await("the answers arrive").atMost(ofSeconds(10)).until(() -> applied.get(2).isDone());
        assertThat(applied.subList(0, 3)).extracting(CompletableFuture::join).containsExactly(true, true, false);
        assertThat(applied.get(3)).isNotDone();
    }

    @Test
    void aRoundPastTheBatchBoundLeavesAsSeveralMessages() {
        onThread(() -> IntStream.range(0, SiteBackups.BATCH_ENTRIES + 1)
                .mapToObj(i -> exchange.backup("sfc", "default", entries(i, i + 1), TIMEOUT)).toList());

        await("the round's backups are sent").atMost(ofSeconds(10)).until(() -> link.sent.size() == 2);
        assertThat(link.sent).extracting(sent -> sent.keys().size()).containsExactly(SiteBackups.BATCH_ENTRIES, 1);
    }

    private <T> T onThread(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        thread.execute(() -> result.complete(work.get()));
        return result.join();
    }

    private static List<Map.Entry<StoredKey, StoredEntry>> entries(int from, int to) {
        List<Map.Entry<StoredKey, StoredEntry>> entries = new ArrayList<>();
        for (int i = from; i < to; i++) {
            entries.add(Map.entry(StoredKey.of(("k" + i).getBytes(UTF_8)),
                    new StoredEntry(("v" + i).getBytes(UTF_8), 1, 1, GridEntry.NO_EXPIRY)));
        }
        return entries;
    }

    private record Sent(String site, String cache, long requestId, List<String> keys) {
    }

    /** Records the backups sent to site masters, and answers them as the site master would. */
    private static final class RecordingLink implements SiteLink {
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        private BiConsumer<UuidAddress, byte[]> receiver;

        @Override
        public String site() {
            return "nyc";
        }

        @Override
        public CompletableFuture<Void> send(UuidAddress to, byte[] payload) {
            GridMessage.SiteBackup backup = (GridMessage.SiteBackup) GridCodec.decode(payload);
            sent.add(new Sent(to.site(), backup.cache(), backup.requestId(), backup.entries().stream()
                    .map(e -> new String(e.getKey().bytes(), UTF_8)).toList()));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onReceive(BiConsumer<UuidAddress, byte[]> receiver) {
            this.receiver = receiver;
        }

        void answer(Sent backup, boolean applied) {
            receiver.accept(UuidAddress.siteMaster(backup.site()),
                    GridCodec.encode(new GridMessage.SiteBackupReply(backup.requestId(), applied)));
        }
    }
}
