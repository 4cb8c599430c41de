package io.xsite.cli.chat;

import io.xsite.wire.address.UuidAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The replies to one chat line: who answered and how fast, out of the members known when it was sent.
 * It ends when {@code expected} members replied or when {@link #finish()} is called at the timeout.
 * Responses arrive on the relay thread while the console thread reads the round, so the state is
 * guarded by this object's lock.
 */
final class ChatRound {
    private final String text;
    private final Map<String, Integer> knownBySite;
    private final int expected;
    private final long startNanos;
    private final Map<UuidAddress, Long> replyNanos = new LinkedHashMap<>();
    private final CompletableFuture<ChatResult> done = new CompletableFuture<>();

    /**
     * @param text        the line sent; only responses that answer it count
     * @param knownBySite members per site when the line was sent
     * @param expected    replies after which the round ends early
     * @param startNanos  {@link System#nanoTime()} when the line was sent
     */
    ChatRound(String text, Map<String, Integer> knownBySite, int expected, long startNanos) {
        this.text = Objects.requireNonNull(text, "text");
        this.knownBySite = new TreeMap<>(knownBySite);
        this.expected = expected;
        this.startNanos = startNanos;
    }

    /** Completes with the result when the round ends. */
    CompletableFuture<ChatResult> done() {
        return done;
    }

    /** Counts {@code from}'s response to {@code answered} at {@code nowNanos}, once per member of this round. */
    synchronized void onResponse(UuidAddress from, String answered, long nowNanos) {
        if (done.isDone() || !text.equals(answered) || replyNanos.containsKey(from)) {
            return;
        }
        replyNanos.put(from, nowNanos - startNanos);
        if (replyNanos.size() >= expected) {
            finish();
        }
    }

    /** Ends the round with the replies so far; later responses are not counted. Idempotent. */
    synchronized void finish() {
        done.complete(result());
    }

    private ChatResult result() {
        Map<String, Integer> repliedBySite = new TreeMap<>();
        replyNanos.keySet().forEach(member -> repliedBySite.merge(String.valueOf(member.site()), 1, Integer::sum));
        Map<String, Integer> sites = new TreeMap<>(knownBySite);
        repliedBySite.keySet().forEach(site -> sites.putIfAbsent(site, 0));
        List<ChatResult.SiteReplies> perSite = new ArrayList<>();
        sites.forEach((site, known) -> perSite.add(
                new ChatResult.SiteReplies(site, repliedBySite.getOrDefault(site, 0), known)));
        long slowest = replyNanos.values().stream().mapToLong(Long::longValue).max().orElse(0);
        int known = knownBySite.values().stream().mapToInt(Integer::intValue).sum();
        return new ChatResult(replyNanos.size(), known, perSite, Duration.ofNanos(slowest));
    }
}
