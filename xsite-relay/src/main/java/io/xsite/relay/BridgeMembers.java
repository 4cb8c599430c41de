package io.xsite.relay;

import io.xsite.core.membership.View;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.internal.bridge.BridgeMember;
import io.xsite.relay.internal.routing.RoutingTable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge members of a member on the bridges (site master or standby), one per configured bridge, and the
 * {@link RoutingTable} of their views. A standby that becomes site master keeps them: promotion joins no bridge.
 * Confined to the relay thread.
 */
final class BridgeMembers {
    private static final Logger log = LoggerFactory.getLogger(BridgeMembers.class);

    private final String site;
    private final String logName;
    private final Map<String, BridgeMember> byName = new LinkedHashMap<>();
    private final Map<String, View> views = new LinkedHashMap<>();
    private RoutingTable table = RoutingTable.EMPTY;

    private BridgeMembers(String site, String logName) {
        this.site = site;
        this.logName = logName;
    }

    /** Starts a bridge member on every bridge of the context's configuration, on its relay thread. */
    static BridgeMembers start(RoleContext context) {
        RelayConfig config = context.config();
        BridgeMembers members = new BridgeMembers(config.site(), context.logName());
        for (BridgeConfig bridge : config.bridges()) {
            members.byName.put(bridge.name(),
                    BridgeMember.start(bridge, config.member(), context.engine(), context.relayThread()));
        }
        return members;
    }

    /**
     * Takes {@code bridgeView} of {@code bridge} into the routing table; the table before it, or empty when
     * {@code bridge} is not one of these (a bridge member of an earlier role, still leaving).
     */
    Optional<RoutingTable> onView(BridgeMember bridge, View bridgeView) {
        if (byName.get(bridge.name()) != bridge) {
            return Optional.empty();
        }
        RoutingTable before = table;
        views.put(bridge.name(), bridgeView);
        table = RoutingTable.of(site, views);
        if (!before.sites().equals(table.sites())) {
            log.info("[{}] bridge {} now reaches sites {}", logName, bridge.name(), table.sites());
        }
        return Optional.of(before);
    }

    RoutingTable table() {
        return table;
    }

    /** The bridge member on the bridge named {@code name}; null if none. */
    BridgeMember get(String name) {
        return byName.get(name);
    }

    Collection<BridgeMember> all() {
        return byName.values();
    }

    List<BridgeMember> list() {
        return List.copyOf(byName.values());
    }

    /** Whether a bridge member of {@code other} is in {@code bridge}'s view. */
    boolean reaches(BridgeMember bridge, String other) {
        View bridgeView = views.get(bridge.name());
        return bridgeView != null && bridgeView.members().stream().anyMatch(m -> other.equals(m.site()));
    }

    /**
     * Leaves every bridge. A graceful leave takes a while, and the bridge members run on the relay thread, which
     * must go on meanwhile: each leaves as tasks of that thread and logs there once it left (or gave up waiting).
     */
    void leave() {
        byName.values().forEach(BridgeMember::closeAsync);
        byName.clear();
    }
}
