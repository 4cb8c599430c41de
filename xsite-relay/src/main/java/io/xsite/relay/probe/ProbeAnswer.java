package io.xsite.relay.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One member's answer to a probe.
 *
 * @param name         the member's logical name
 * @param site         its site
 * @param address      its address (the UUID)
 * @param physical     where its site's members reach it, {@code host:port}
 * @param view         its local view in short, {@code [creator|sequence] (size)}; {@code none} before it
 *                     joined one
 * @param siteMaster   whether it is one of its site's site masters
 * @param version      the xsite version it runs
 * @param uptimeMillis how long its probe service has run (installed when the node started); not negative
 * @param entries      the requested entries, key text to value, in {@link ProbeKey} order; a value may span
 *                     several lines (a summary, then one indented line per item)
 */
public record ProbeAnswer(String name, String site, String address, String physical, String view,
                          boolean siteMaster, String version, long uptimeMillis, Map<String, String> entries) {
    public ProbeAnswer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(physical, "physical");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(version, "version");
        if (uptimeMillis < 0) {
            throw new IllegalArgumentException("uptime must not be negative: " + uptimeMillis);
        }
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(entries, "entries")));
        entries.forEach((key, value) -> Objects.requireNonNull(value, () -> "value of entry " + key));
    }
}
