package io.xsite.it.netns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The admin documents of a relay node that the scenarios read: {@code /topology}, {@code /streams} and
 * {@code /grid/status}.
 */
final class AdminDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminDocuments() {
    }

    /** One site as a relay node's {@code /topology} lists it: member names and site masters' names. */
    record SiteState(String site, List<String> members, List<String> siteMasters) {
    }

    /** One stream as a node's {@code /streams} accounts for it. */
    record StreamCount(String sender, String stream, long count, long received, long duplicates, long outOfOrder,
                       long missing, String missingNumbers, boolean complete) {
    }

    /** The sites of a {@code /topology} document, by name. */
    static Map<String, SiteState> sites(String topology) {
        Map<String, SiteState> sites = new LinkedHashMap<>();
        for (JsonNode site : read(topology).path("sites")) {
            sites.put(site.path("site").asText(), new SiteState(site.path("site").asText(),
                    texts(site.path("members"), "name"), texts(site.path("siteMasters"), null)));
        }
        return sites;
    }

    /** The streams of a {@code /streams} document. */
    static List<StreamCount> streams(String streams) {
        return StreamSupport.stream(read(streams).path("streams").spliterator(), false).map(s -> new StreamCount(
                s.path("sender").asText(), s.path("stream").asText(), s.path("count").asLong(),
                s.path("received").asLong(), s.path("duplicates").asLong(), s.path("outOfOrder").asLong(),
                s.path("missing").asLong(), s.path("missingNumbers").asText(), s.path("complete").asBoolean())).toList();
    }

    /** Whether a {@code /grid/status} document says the member's side accepts writes and no cache's segments move. */
    static boolean gridSettled(String status) {
        JsonNode grid = read(status);
        return grid.path("writable").asBoolean() && StreamSupport.stream(grid.path("caches").spliterator(), false)
                .noneMatch(cache -> cache.path("rebalancing").asBoolean());
    }

    /**
     * The keys of {@code cache} that the member of a {@code /grid/status} document owes the backup site
     * {@code site} ({@code pendingKeys}: those of the segments it is primary of); fails if it has no such backup.
     */
    static long pendingKeys(String status, String cache, String site) {
        for (JsonNode c : read(status).path("caches")) {
            for (JsonNode backup : c.path("backups")) {
                if (c.path("name").asText().equals(cache) && backup.path("site").asText().equals(site)) {
                    return backup.path("pendingKeys").asLong();
                }
            }
        }
        throw new AssertionError("no backup of cache " + cache + " to " + site + " in " + status);
    }

    /**
     * The numbers of ranges as {@code xsite stream} prints them and {@code /streams} lists them:
     * {@code 1-250,300} (this module sees the CLI only as processes, so it reads the text itself).
     */
    static BitSet numbers(String ranges) {
        if (ranges.endsWith("...")) {
            throw new AssertionError("ranges cut short: " + ranges);
        }
        BitSet numbers = new BitSet();
        for (String range : ranges.isEmpty() ? new String[0] : ranges.split(",")) {
            String[] ends = range.split("-", 2);
            numbers.set(Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1]) + 1);
        }
        return numbers;
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(node -> field == null ? node.asText() : node.path(field).asText()).toList();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a JSON document: " + json, e);
        }
    }
}
