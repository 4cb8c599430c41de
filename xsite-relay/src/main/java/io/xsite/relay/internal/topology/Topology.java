package io.xsite.relay.internal.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import io.xsite.relay.topology.SiteView;

/**
 * What one member knows of all sites: each site's latest view and whether it is up. A site that went
 * down keeps its last view (so that requests to its members can fail at once) until it comes back, or
 * until a new site needs its place: at most {@code maxSites} sites are known. Not thread-safe: owned by
 * the relay thread; {@link #snapshot()} is for other threads.
 */
public final class Topology {
    private final int maxSites;
    private final Map<String, SiteView> views = new TreeMap<>();
    private final TreeSet<String> up = new TreeSet<>();
    private volatile Map<String, SiteView> snapshot = Map.of();

    /** A topology of at most {@code maxSites} sites. */
    public Topology(int maxSites) {
        if (maxSites < 1) {
            throw new IllegalArgumentException("maxSites must be positive: " + maxSites);
        }
        this.maxSites = maxSites;
    }

    /** How an update changed the topology. */
    public enum Change {
        /** Nothing new. */
        NONE,
        /** A newer view of a site that was up. */
        UPDATED,
        /** The site was unknown or down and is up now. */
        UP,
        /** The site is new and every one of the {@code maxSites} known sites is up: not taken. */
        REFUSED
    }

    /**
     * Takes {@code view} if it is newer than the site's known one, or if the site was not up (a site
     * coming back may describe itself with an old version). A new site takes the place of a site that is
     * down when {@code maxSites} are known, and is refused when none is.
     */
    public Change apply(SiteView view) {
        SiteView known = views.get(view.site());
        if (known == null && views.size() >= maxSites && !forgetOneDown()) {
            return Change.REFUSED;
        }
        boolean wasUp = up.contains(view.site());
        if (wasUp && known != null && (view.version() <= known.version())) {
            return Change.NONE;
        }
        views.put(view.site(), view);
        up.add(view.site());
        publish();
        return wasUp ? Change.UPDATED : Change.UP;
    }

    /** Marks {@code site} down; whether it was up. */
    public boolean down(String site) {
        boolean wasUp = up.remove(site);
        if (wasUp) {
            publish();
        }
        return wasUp;
    }

    /** Whether {@code site} is known and up. */
    public boolean isUp(String site) {
        return up.contains(site);
    }

    /** The last view of {@code site}, up or down. */
    public Optional<SiteView> view(String site) {
        return Optional.ofNullable(views.get(site));
    }

    /** Every site ever seen, up or down, sorted. */
    public Iterable<String> knownSites() {
        return Collections.unmodifiableSet(views.keySet());
    }

    /** The sites that are up, sorted. */
    public Iterable<String> upSites() {
        return Collections.unmodifiableSet(up);
    }

    /** The views of the sites that are up, by site name; safe to read from any thread. */
    public Map<String, SiteView> snapshot() {
        return snapshot;
    }

    /** Forgets the view of one site that is down; false when every known site is up. */
    private boolean forgetOneDown() {
        for (String site : views.keySet()) {
            if (!up.contains(site)) {
                views.remove(site);
                return true;
            }
        }
        return false;
    }

    private void publish() {
        Map<String, SiteView> copy = new LinkedHashMap<>();
        up.forEach(site -> copy.put(site, views.get(site)));
        snapshot = Collections.unmodifiableMap(copy);
    }
}
