package io.xsite.cli.chat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How one chat line was answered: replies received out of the members known when it was sent, per site,
 * and the slowest reply.
 *
 * @param replies how many members replied (each counted once)
 * @param known   how many members the topology listed when the line was sent, the sender included
 * @param sites   per site, in site order
 * @param slowest the time from sending to the last counted reply; zero without replies
 */
public record ChatResult(int replies, int known, List<SiteReplies> sites, Duration slowest) {
    /**
     * One site's part of a result.
     *
     * @param site    the site's name
     * @param replies how many of its members replied
     * @param known   how many members it had when the line was sent
     */
    public record SiteReplies(String site, int replies, int known) {
        public SiteReplies {
            Objects.requireNonNull(site, "site");
        }
    }

    public ChatResult {
        sites = List.copyOf(sites);
        Objects.requireNonNull(slowest, "slowest");
        if (replies < 0 || known < 0) {
            throw new IllegalArgumentException("negative count: " + replies + "/" + known);
        }
    }

    /** The summary line: {@code 9/9 replies (nyc 5/5, sfc 4/4), slowest 23 ms}. */
    public String summary() {
        String perSite = sites.stream().map(s -> s.site() + " " + s.replies() + "/" + s.known())
                .collect(Collectors.joining(", "));
        return replies + "/" + known + " replies (" + perSite + "), slowest " + slowest.toMillis() + " ms";
    }
}
