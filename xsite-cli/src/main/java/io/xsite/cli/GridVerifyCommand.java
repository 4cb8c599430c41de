package io.xsite.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.SiteComparison;
import io.xsite.grid.SiteRepair;
import io.xsite.grid.http.SiteVerifyRoutes;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xsite grid verify | repair SITE}: compares a cache between the node's site and another, segment by
 * segment, and repairs the differences ({@code /grid/verify}, {@code /grid/repair}; grid.md, "Verify and
 * repair"). Both print the segments that differ with their keys at each site and exit 1 while the sites differ.
 */
final class GridVerifyCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GridVerifyCommand() {
    }

    /** The other site and the cache, shared by verify and repair. */
    abstract static class SiteRequest extends GridCommand.Request {
        @Option(names = "--cache", paramLabel = "NAME", description = "The cache. Default: " + CacheConfig.DEFAULT_CACHE
                + ".")
        String cache = CacheConfig.DEFAULT_CACHE;

        @Parameters(index = "0", paramLabel = "SITE", description = "The site to compare with.")
        String site;

        private final Duration patience;

        /** @param patience how long the node has to answer: both sites' primaries digest every segment */
        SiteRequest(Duration patience) {
            this.patience = patience;
        }

        @Override
        Duration patience() {
            return patience;
        }

        /** {@code base + path?site=SITE&cache=CACHE}. */
        URI uri(String base, String path) {
            return URI.create(base + path + "?site=" + encode(site) + "&cache=" + encode(cache));
        }

        static <T> T read(HttpResponse<String> response, Class<T> type) {
            try {
                return JSON.readValue(response.body(), type);
            } catch (JsonProcessingException e) {
                throw new CommandFailure("the node's answer is not a " + type.getSimpleName() + ": "
                        + e.getOriginalMessage(), e);
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, defaultValueProvider = GridCommand.Defaults.class,
            description = {"Compares the cache with SITE's, segment by segment; prints the segments that differ "
                    + "and their keys at each site; exit 1 if any differ.",
                    "Writes still on their way between the sites count as differences."})
    static final class Verify extends SiteRequest {
        Verify() {
            super(Duration.ofMinutes(2));
        }

        @Override
        HttpRequest.Builder request(String base) {
            return HttpRequest.newBuilder(uri(base, SiteVerifyRoutes.VERIFY)).GET();
        }

        @Override
        int answered(HttpResponse<String> response, PrintWriter out) {
            SiteComparison comparison = read(response, SiteComparison.class);
            print(comparison, out);
            return comparison.same() ? 0 : 1;
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true, defaultValueProvider = GridCommand.Defaults.class,
            description = {"Sends the segments of the cache that differ from SITE's both ways, merged by the "
                    + "conflict policy (removals included), then compares again; exit 1 if they still differ."})
    static final class Repair extends SiteRequest {
        Repair() {
            super(Duration.ofMinutes(15));
        }

        @Override
        HttpRequest.Builder request(String base) {
            return HttpRequest.newBuilder(uri(base, SiteVerifyRoutes.REPAIR)).POST(HttpRequest.BodyPublishers.noBody());
        }

        @Override
        int answered(HttpResponse<String> response, PrintWriter out) {
            SiteRepair repair = read(response, SiteRepair.class);
            SiteComparison before = repair.before();
            if (!before.same()) {
                out.printf("cache %s: %s and %s differed in %d of %d segments; sent them both ways%n", before.cache(),
                        before.site(), before.otherSite(), before.differences().size(), before.segments());
            }
            print(repair.after(), out);
            return repair.after().same() ? 0 : 1;
        }
    }

    /** One line for sites that hold the same values; else that line and a table of the segments that differ. */
    static void print(SiteComparison comparison, PrintWriter out) {
        if (comparison.same()) {
            out.printf("cache %s: %s and %s hold the same values (%d segments, %s)%n", comparison.cache(),
                    comparison.site(), comparison.otherSite(), comparison.segments(), keys(comparison.keys()));
            return;
        }
        out.printf("cache %s: %s and %s differ in %d of %d segments (%s at %s, %d at %s)%n", comparison.cache(),
                comparison.site(), comparison.otherSite(), comparison.differences().size(), comparison.segments(),
                keys(comparison.keys()), comparison.site(), comparison.otherKeys(), comparison.otherSite());
        String here = "keys at " + comparison.site();
        String there = "keys at " + comparison.otherSite();
        String row = "%7s  %" + here.length() + "s  %" + there.length() + "s%n";
        out.printf(row, "segment", here, there);
        comparison.differences().forEach(d -> out.printf(row, d.segment(), d.keys(), d.otherKeys()));
    }

    private static String keys(long count) {
        return count + (count == 1 ? " key" : " keys");
    }
}
