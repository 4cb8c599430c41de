package io.xsite.cli.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A receiver's account of the numbered streams that reached it, per sender and stream id, the latest
 * {@value #MAX_STREAMS} of them (a long-running node forgets the oldest). Thread-safe: numbers arrive on
 * the node's listener threads, reports are read on the admin endpoint's.
 */
public final class StreamLedger {
    /** How many streams a ledger keeps. */
    static final int MAX_STREAMS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<StreamKey, StreamTally> tallies = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StreamKey, StreamTally> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    /**
     * Counts number {@code payload.seq()} of {@code sender}'s stream, arriving at {@code at}.
     *
     * @return true when it completed the stream: every number has arrived, this one last
     */
    public synchronized boolean onNumber(String sender, StreamPayload payload, Instant at) {
        if (payload.kind() != StreamPayload.Kind.NUMBER) {
            throw new IllegalArgumentException("not a stream number: " + payload);
        }
        return tallies.computeIfAbsent(new StreamKey(sender, payload.stream()),
                key -> new StreamTally(sender, payload.stream(), payload.count())).onNumber(payload.seq(), at);
    }

    /** Every stream kept, oldest first. */
    public synchronized List<StreamReport> reports() {
        return tallies.values().stream().map(StreamTally::report).toList();
    }

    /**
     * The {@code /streams} document: {@code {"site":..., "member":..., "streams":[...]}}, each stream a
     * {@link StreamReport} (times in ISO-8601) with {@code complete} added.
     */
    public String json(String site, String member) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("site", site);
        json.put("member", member);
        json.put("streams", reports().stream().map(StreamLedger::json).toList());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> json(StreamReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sender", report.sender());
        json.put("stream", report.stream());
        json.put("count", report.count());
        json.put("received", report.received());
        json.put("distinct", report.distinct());
        json.put("duplicates", report.duplicates());
        json.put("outOfOrder", report.outOfOrder());
        json.put("missing", report.missing());
        json.put("missingNumbers", report.missingNumbers());
        json.put("highest", report.highest());
        json.put("complete", report.complete());
        json.put("firstAt", report.firstAt().toString());
        json.put("lastAt", report.lastAt().toString());
        return json;
    }

    private record StreamKey(String sender, long stream) {
    }
}
