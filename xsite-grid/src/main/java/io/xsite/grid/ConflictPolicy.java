package io.xsite.grid;

import java.util.Locale;
import java.util.Objects;

/**
 * Which write wins when two sites wrote a key before either saw the other's write (grid.md, "Between sites").
 * Every policy decides the same whatever order a site sees the two writes in, so the sites converge; ties of
 * every policy fall back to {@link LastWriterWins}. Counters ({@code INCR} and family) are not decided by the
 * policy: they add up, one contribution per site.
 */
public sealed interface ConflictPolicy {

    /** The default: the later HLC timestamp wins; equal timestamps go to the greater site name. */
    ConflictPolicy LAST_WRITER_WINS = new LastWriterWins();

    /** The later HLC timestamp wins; equal timestamps go to the greater site name. */
    record LastWriterWins() implements ConflictPolicy {
        @Override
        public String toString() {
            return "last-writer-wins";
        }
    }

    /** The write of {@code site} wins; between two other sites' writes, the last writer. */
    record PreferSite(String site) implements ConflictPolicy {
        public PreferSite {
            Objects.requireNonNull(site, "site");
        }

        @Override
        public String toString() {
            return "prefer-site:" + site;
        }
    }

    /** A removal wins over a value; otherwise the last writer. */
    record PreferDelete() implements ConflictPolicy {
        @Override
        public String toString() {
            return "prefer-delete";
        }
    }

    /** A value wins over a removal; otherwise the last writer. */
    record PreferWrite() implements ConflictPolicy {
        @Override
        public String toString() {
            return "prefer-write";
        }
    }

    /**
     * Reads {@code last-writer-wins}, {@code prefer-site:NAME}, {@code prefer-delete} or {@code prefer-write}.
     *
     * @throws IllegalArgumentException for anything else
     */
    static ConflictPolicy parse(String text) {
        String policy = text.strip().toLowerCase(Locale.ROOT);
        if (policy.startsWith("prefer-site:") && policy.length() > "prefer-site:".length()) {
            return new PreferSite(text.strip().substring("prefer-site:".length()));
        }
        return switch (policy) {
            case "last-writer-wins" -> LAST_WRITER_WINS;
            case "prefer-delete" -> new PreferDelete();
            case "prefer-write" -> new PreferWrite();
            default -> throw new IllegalArgumentException("not a conflict policy (last-writer-wins, prefer-site:NAME, "
                    + "prefer-delete, prefer-write): '" + text + "'");
        };
    }
}
