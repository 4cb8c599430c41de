package io.xsite.relay.probe;

import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.XsiteVersion;
import io.xsite.core.membership.View;
import io.xsite.relay.RelayNode;
import io.xsite.relay.topology.MemberInfo;
import io.xsite.relay.topology.SiteView;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a relay node says about itself in a probe answer: the header fields, and the entry of each
 * requested key. Reads the node's state through its thread-safe accessors, so any thread may call it.
 */
final class MemberDescription {
    private final RelayNode node;

    MemberDescription(RelayNode node) {
        this.node = node;
    }

    /** The node's answer to {@code request}, {@code uptime} after its probe service started. */
    ProbeAnswer answer(ProbeRequest request, Duration uptime) {
        View view = node.localView();
        Map<String, String> entries = new LinkedHashMap<>();
        for (ProbeKey key : request.keys()) {
            entries.put(key.text(), switch (key) {
                case VIEW -> view == null ? "none" : shortView(view) + " " + view.members().stream()
                        .map(MemberDescription::name).collect(Collectors.joining(", ", "[", "]"));
                case VERSION -> XsiteVersion.current() + " (java " + Runtime.version() + ")";
                case METRICS -> metrics();
                case TOPOLOGY -> topology();
            });
        }
        SiteView site = node.topology().get(node.site());
        boolean siteMaster = site != null && site.siteMasters().contains(node.address());
        return new ProbeAnswer(node.name(), node.site(), node.address().uuid().toString(),
                hostAndPort(node.physicalAddress()), view == null ? "none" : shortView(view), siteMaster,
                XsiteVersion.current(), uptime.toMillis(), entries);
    }

    /** The Prometheus samples, comment lines left out: a count, then one indented sample per line. */
    private String metrics() {
        List<String> samples = node.metricsText().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();
        return samples.size() + " samples" + samples.stream().map(line -> "\n  " + line).collect(Collectors.joining());
    }

    /** The sites that are up: a count, then one indented line per site with its members. */
    private String topology() {
        Map<String, SiteView> sites = node.topology();
        StringBuilder text = new StringBuilder().append(sites.size()).append(sites.size() == 1 ? " site" : " sites");
        for (SiteView site : sites.values()) {
            text.append("\n  ").append(site.site()).append(": ").append(site.members().stream()
                    .map(member -> describe(member, site)).collect(Collectors.joining(", ")));
        }
        return text.toString();
    }

    /** {@code nyc0 127.0.0.1:7801 (site master, me)}: name, physical address and the markers that apply. */
    private String describe(MemberInfo member, SiteView site) {
        List<String> markers = new ArrayList<>();
        if (site.siteMasters().contains(member.address())) {
            markers.add("site master");
        }
        if (member.address().equals(node.address())) {
            markers.add("me");
        }
        return name(member.address()) + (member.physical().isEmpty() ? "" : " " + member.physical())
                + (markers.isEmpty() ? "" : " (" + String.join(", ", markers) + ")");
    }

    /** {@code [creator|sequence] (size)}, the way JGroups prints a view's id and size. */
    private static String shortView(View view) {
        return "[" + name(view.id().creator()) + "|" + view.id().sequence() + "] (" + view.size() + ")";
    }

    private static String name(UuidAddress member) {
        return member.name() != null ? member.name() : member.uuid().toString();
    }

    private static String hostAndPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
