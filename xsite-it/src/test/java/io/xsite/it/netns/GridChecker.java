package io.xsite.it.netns;

import io.xsite.client.FailoverClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads back, through a site's RESP endpoints, every key a {@link GridWriter} printed as acknowledged (its stdout
 * file is the last argument): prints {@code missing N} for each key without a value, {@code wrong N: VALUE} for
 * each with another value than written, then {@code checked C: M missing, W wrong}, and exits 0 once every read
 * was answered. Command line as {@link GridLoadClient}'s.
 */
final class GridChecker {
    private static final int IN_FLIGHT = 256;

    private GridChecker() {
    }

    public static void main(String[] args) {
        try {
            check(GridLoadClient.Settings.parse(args));
        } catch (Exception e) {
            // A read that failed (no answer) fails the checker: the test then sees no summary line.
            e.printStackTrace();
            System.exit(1);
        }
        // The client's threads would keep the JVM alive.
        System.exit(0);
    }

    private static void check(GridLoadClient.Settings settings) throws IOException, InterruptedException {
        List<Integer> acked = GridLoadClient.acked(Files.readAllLines(settings.ackedFile(), StandardCharsets.UTF_8));
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicInteger missing = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        try (FailoverClient client = settings.client()) {
            CompletableFuture<?>[] reads = new CompletableFuture<?>[acked.size()];
            for (int n = 0; n < acked.size(); n++) {
                slots.acquire();
                int key = acked.get(n);
                reads[n] = client.get(settings.key(key)).thenAccept(value -> {
                    if (value.isEmpty()) {
                        missing.incrementAndGet();
                        GridLoadClient.print("missing " + key);
                    } else if (!value.equals(Optional.of(settings.value(key)))) {
                        wrong.incrementAndGet();
                        GridLoadClient.print("wrong " + key + ": " + value.get());
                    }
                }).whenComplete((ok, failure) -> slots.release());
            }
            CompletableFuture.allOf(reads).join();
        }
        GridLoadClient.print("checked " + acked.size() + ": " + missing + " missing, " + wrong + " wrong");
    }
}
