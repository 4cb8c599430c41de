package io.xsite.it.netns;

import io.xsite.client.FailoverClient;
import java.util.concurrent.Semaphore;

/**
 * The write load of {@link NetnsGridIT}, a process of its own in a member's namespace: sets the distinct keys
 * {@code PREFIX-0}, {@code PREFIX-1}, ... through the site's RESP endpoints, {@value #IN_FLIGHT} at a time, until it
 * is killed, and prints {@code acked N} as soon as the grid acknowledged key N ({@code failed N: reason} when it
 * did not: such a write may or may not be applied, and is no acknowledged write). Command line as
 * {@link GridLoadClient}'s, without the file.
 */
final class GridWriter {
    /** Enough writes at once to keep the grid and its backup busy, on a machine with two cores. */
    private static final int IN_FLIGHT = 64;

    private GridWriter() {
    }

    public static void main(String[] args) throws InterruptedException {
        GridLoadClient.Settings settings = GridLoadClient.Settings.parse(args);
        Semaphore slots = new Semaphore(IN_FLIGHT);
        try (FailoverClient client = settings.client()) {
            for (long i = 0; ; i++) {
                slots.acquire();
                long key = i;
                client.set(settings.key(key), settings.value(key)).whenComplete((ok, failure) -> {
                    GridLoadClient.print(failure == null ? GridLoadClient.ackedLine(key)
                            : "failed " + key + ": " + failure);
                    slots.release();
                });
            }
        }
    }
}
