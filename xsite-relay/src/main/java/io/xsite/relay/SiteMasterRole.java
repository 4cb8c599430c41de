package io.xsite.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.member.Member;
import io.xsite.core.membership.View;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.bridge.BridgeMember;
import io.xsite.relay.routing.Envelope;
import io.xsite.relay.routing.DataRoute;
import io.xsite.relay.routing.RelayCodec;
import io.xsite.relay.routing.Route;
import io.xsite.relay.routing.RoutingTable;
import io.xsite.relay.topology.MemberInfo;
import io.xsite.relay.topology.SiteView;
import io.xsite.relay.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a member does while it is a site master, on its relay thread: it runs one {@link BridgeMember}
 * per configured bridge, keeps the {@link RoutingTable} of their views, relays envelopes over them,
 * pushes its site's view to the other sites and spreads theirs in its site, and reports sites that left
 * the bridges as down. {@link #leave()} leaves the bridges without waiting for them.
 *
 * <p>The site's standby site master (the next in line, {@link io.xsite.relay.bridge.SiteMasters#standby}) holds
 * the role too, inactive: it is on the bridges and keeps their routing table, but relays nothing and speaks for
 * nobody: its own traffic goes through the first site master like any member's, what reaches it over a bridge
 * anyway (another site's stale view may route there) {@link RelayEngine} hands on as a site master would, and it
 * publishes no view and passes on no flooded view, certificate or site-down notice (it keeps the views and
 * certificates for when it is site master). When a view makes it a site master,
 * {@link #activate} has it take the routes at once, without joining a bridge or waiting for the bridge to
 * exclude the member it replaces.
 */
final class SiteMasterRole implements BridgeRole {
    private static final Logger log = LoggerFactory.getLogger(SiteMasterRole.class);

    private final RelayConfig config;
    private final Member member;
    private final RelayEngine engine;
    private final RelayCodec codec;
    private final RelayMetrics metrics;
    private final UnsentEnvelopes unsent;
    private final String site;
    private final Map<String, BridgeMember> bridges = new LinkedHashMap<>();
    private final Map<String, View> bridgeViews = new LinkedHashMap<>();
    private final AwaitingRoute awaitingRoute = new AwaitingRoute();
    private RoutingTable table = RoutingTable.EMPTY;
    private View view;
    private List<UuidAddress> masters = List.of();
    private SiteView published;
    /** A site master (true) or the standby (false). */
    private boolean active;

    /**
     * Starts a bridge member on every bridge of {@code config}, on {@code relayThread}, calling {@code engine} back;
     * a site master ({@code active}) or the standby.
     */
    SiteMasterRole(RelayConfig config, Member member, RelayEngine engine, RelayMetrics metrics, UnsentEnvelopes unsent,
                   EventLoop relayThread, boolean active) {
        this.active = active;
        this.config = config;
        this.member = member;
        this.engine = engine;
        this.codec = engine.codec();
        this.metrics = metrics;
        this.unsent = unsent;
        this.site = config.site();
        for (BridgeConfig bridge : config.bridges()) {
            bridges.put(bridge.name(), BridgeMember.start(bridge, config.member(), engine, relayThread));
        }
    }

    @Override
    public boolean onBridges() {
        return true;
    }

    /** Whether this member is a site master (else the standby). */
    @Override
    public boolean siteMaster() {
        return active;
    }

    /**
     * Becomes a site master ({@code true}) or the standby, if it is not that already: a site master publishes its
     * site's view (the next {@link #onLocalView} does) over bridges it is on already.
     */
    void activate(boolean siteMaster) {
        if (active == siteMaster) {
            return;
        }
        active = siteMaster;
        published = null;
    }

    @Override
    public List<BridgeMember> bridges() {
        return List.copyOf(bridges.values());
    }

    /**
     * Leaves every bridge. A graceful leave takes a while, and the bridge members run on the relay thread, which
     * must go on meanwhile: each leaves as tasks of that thread and logs there once it left (or gave up waiting).
     */
    @Override
    public BridgeRole leave() {
        awaitingRoute.clear();
        bridges.values().forEach(BridgeMember::closeAsync);
        bridges.clear();
        return new NotOnBridges(engine.logName());
    }

    @Override
    public void onLocalView(View newView, List<UuidAddress> siteMasters) {
        view = newView;
        masters = siteMasters;
        publishOwnView();
    }

    /** Tells this site and the other sites about this site's view, if it changed; the standby does not. */
    @Override
    public void publishOwnView() {
        if (!active) {
            return;
        }
        Map<UuidAddress, String> physicals = engine.physicals();
        List<MemberInfo> members = view.members().stream()
                .map(m -> new MemberInfo(m, physicals.getOrDefault(m, ""))).toList();
        // Within one view the description still improves as members announce their physical addresses.
        long version = SiteView.version(view.id().sequence(), physicals.size());
        SiteView own = new SiteView(site, version, members, masters);
        if (own.equals(published)) {
            return;
        }
        published = own;
        engine.applyTopology(own);
        broadcastLocally(new Envelope.Topology(own, List.of()));
        flood(new Envelope.Topology(own, List.of(site)), bridge -> true);
    }

    @Override
    public void onBridgeView(BridgeMember bridge, View bridgeView) {
        if (bridges.get(bridge.name()) != bridge) {
            return;
        }
        RoutingTable before = table;
        bridgeViews.put(bridge.name(), bridgeView);
        table = RoutingTable.of(site, bridgeViews);
        if (!before.sites().equals(table.sites())) {
            log.info("[{}] bridge {} now reaches sites {}", engine.logName(), bridge.name(), table.sites());
            awaitingRoute.release(table.sites()).forEach(this::relay);
        }
        if (!active) {
            return;
        }
        // Whoever joined learns this site's view and those of the sites it is the way to: the other sites
        // speak for themselves (OriginCheck takes no one else's word for them).
        engine.topology().snapshot().values().stream()
                .filter(known -> speaksFor(bridge, known.site()))
                .forEach(known -> sendToAll(bridge, new Envelope.Topology(known, List.of(site))));
        // Certificates prove themselves (signed by the CA, naming their site), whoever passes them on.
        engine.certificates().forEach(known -> sendToAll(bridge, known.visiting(site)));
        for (String other : List.copyOf(engine.topology().snapshot().keySet())) {
            if (!other.equals(site) && before.next(other, List.of(), config.forwards()).isPresent()
                    && table.next(other, List.of(), config.forwards()).isEmpty()) {
                declareDown(other, List.of());
            }
        }
    }

    /** A topology envelope flooded over {@code from}; the standby keeps what it needs and passes nothing on. */
    @Override
    public void onFlooded(BridgeMember from, Envelope envelope) {
        if (!active) {
            keepFlooded(envelope);
            return;
        }
        if (envelope instanceof Envelope.Topology update) {
            if (update.view().site().equals(site) || update.visited().contains(site)) {
                return;
            }
            Topology.Change change = engine.applyTopology(update.view());
            if (change == Topology.Change.UP || change == Topology.Change.UPDATED) {
                broadcastLocally(new Envelope.Topology(update.view(), List.of()));
                flood(new Envelope.Topology(update.view(), visiting(update.visited())),
                        bridge -> bridge != from && speaksFor(bridge, update.view().site()));
            }
        } else if (envelope instanceof Envelope.SiteDown down) {
            if (down.site().equals(site) || down.visited().contains(site)
                    || table.next(down.site(), List.of(), config.forwards()).isPresent()) {
                return;
            }
            declareDown(down.site(), down.visited());
        } else if (envelope instanceof Envelope.SiteCertificate certificate) {
            if (!certificate.visited().contains(site) && engine.learnCertificate(certificate)) {
                broadcastLocally(new Envelope.SiteCertificate(certificate.site(), certificate.chain(), List.of()));
                flood(certificate.visiting(site), bridge -> bridge != from);
            }
        }
    }

    /**
     * The standby keeps what other sites' views and certificates say, as it will need them once it is site
     * master (they reached it when its bridge member joined, and no site sends them again before its view
     * changes), but passes nothing on: a site master of this site does.
     */
    private void keepFlooded(Envelope envelope) {
        if (envelope instanceof Envelope.Topology update && !update.view().site().equals(site)) {
            engine.applyTopology(update.view());
        } else if (envelope instanceof Envelope.SiteCertificate certificate) {
            engine.learnCertificate(certificate);
        }
    }

    /** Tells every other site this site's renewed {@code certificate}; the standby does not. */
    @Override
    public void announce(Envelope.SiteCertificate certificate) {
        if (!active) {
            return;
        }
        flood(certificate.visiting(site), bridge -> true);
    }

    /** Relays {@code envelope} over a bridge towards its site, or answers its origin that the site is unreachable. */
    private void relay(Envelope.Routed envelope) {
        relay(envelope, null);
    }

    /**
     * As {@link #relay(Envelope.Routed)} for an envelope whose wire form is {@code encoded} (borrowed; null: none
     * yet): its bytes are passed on with this site spliced into the visited sites, not encoded again.
     */
    @Override
    public void relay(Envelope.Routed envelope, ByteBuf encoded) {
        String target = envelope.route().toSite();
        Optional<RoutingTable.Hop> hop = hopTowards(envelope.route());
        BridgeMember bridge = hop.map(h -> bridges.get(h.bridge())).orElse(null);
        if (bridge == null) {
            if (Envelope.carriesElements(envelope) && engine.topology().isUp(target)) {
                // The site is up (another site master's bridge sees it) but this bridge has no route yet, as
                // right after this member became site master: hold it for the bridge view (else the origin's
                // stream resends it), rather than failing requests with a site-unreachable answer.
                if (!awaitingRoute.hold(target, envelope)) {
                    log.debug("[{}] no route to {} yet and nothing more held; the origin resends", engine.logName(),
                            target);
                }
            } else if (Envelope.carriesElements(envelope)) {
                metrics.unreachable("site");
                engine.dispatch(new Envelope.SiteUnreachable(envelope.route().back(member.address()), target,
                        envelope.route().to()), false);
            } else {
                log.debug("[{}] no route to {}; dropped {}", engine.logName(), target, envelope.kind());
            }
            return;
        }
        ByteBuf frame = encoded != null ? codec.via(encoded, site)
                : Unpooled.wrappedBuffer(codec.encode(envelope.on(envelope.route().via(site))));
        send(bridge, hop.get(), target, envelope.kind(), Envelope.elementCount(envelope), frame);
    }

    /**
     * Relays {@code data} as its bytes (this site spliced into the visited sites) when a bridge leads
     * towards its site: the buffer it arrived in, retained until the next hop acknowledged it, unless a
     * splice needs new bytes. False, with nothing sent, when none does: then the caller decodes it and
     * {@link #relay(Envelope.Routed, ByteBuf)} decides (hold it, or answer unreachable).
     */
    @Override
    public boolean relayAsIs(DataRoute data) {
        Optional<RoutingTable.Hop> hop = hopTowards(data.route());
        BridgeMember bridge = hop.map(h -> bridges.get(h.bridge())).orElse(null);
        if (bridge == null) {
            return false;
        }
        send(bridge, hop.get(), data.route().toSite(), data.kind(), data.messages(), data.via(site));
        return true;
    }

    private Optional<RoutingTable.Hop> hopTowards(Route route) {
        return table.next(route.toSite(), route.visited(), config.forwards()).map(this::preferCurrentSiteMaster);
    }

    /** Sends {@code frame} (taking it), an envelope of {@code kind}, to the hop's bridge member. */
    private void send(BridgeMember bridge, RoutingTable.Hop hop, String targetSite, Envelope.Kind kind, int messages,
                      ByteBuf frame) {
        // Labelled by a site this member knows, so that destinations named by others add no meters.
        boolean known = !table.routes(targetSite).isEmpty() || engine.topology().view(targetSite).isPresent();
        metrics.relayed(known ? targetSite : "other", messages, frame.readableBytes());
        unsent.watch(bridge.send(hop.member(), frame), kind, hop.member());
    }

    /**
     * The bridge member of one of the hop site's current site masters (as its last topology names them),
     * else {@code hop}. Right after a site master crashes its bridge member stays in the bridge view until
     * its silence is noticed there (seconds); the first bridge member in view order may be that dead one,
     * while the topology pushed by the new site master already names the live one.
     */
    private RoutingTable.Hop preferCurrentSiteMaster(RoutingTable.Hop hop) {
        String hopSite = hop.member().site();
        List<UuidAddress> current = engine.topology().view(hopSite).map(SiteView::siteMasters).orElse(List.of());
        if (current.isEmpty() || current.stream().anyMatch(master -> BridgeMember.belongsTo(hop.member(), master))) {
            return hop;
        }
        return table.routes(hopSite).stream()
                .filter(candidate -> current.stream()
                        .anyMatch(master -> BridgeMember.belongsTo(candidate.member(), master)))
                .findFirst().orElse(hop);
    }

    private void declareDown(String down, List<String> visited) {
        if (engine.siteDown(down)) {
            broadcastLocally(new Envelope.SiteDown(down, List.of()));
            // Not where the site is itself: there it is not down, and nobody else's word is taken.
            flood(new Envelope.SiteDown(down, visiting(visited)), bridge -> !reaches(bridge, down));
        }
    }

    private void flood(Envelope envelope, Predicate<BridgeMember> over) {
        byte[] frame = codec.encode(envelope);
        bridges.values().stream().filter(over).forEach(bridge -> sendToAll(bridge, frame, envelope.kind()));
    }

    /** Sends {@code envelope} to every member of {@code bridge}, watching the outcome. */
    private void sendToAll(BridgeMember bridge, Envelope envelope) {
        sendToAll(bridge, codec.encode(envelope), envelope.kind());
    }

    /** Sends {@code frame}, an envelope of {@code kind}, to every member of {@code bridge}, watching the outcome. */
    private void sendToAll(BridgeMember bridge, byte[] frame, Envelope.Kind kind) {
        unsent.watch(bridge.sendToAll(frame), kind, "bridge " + bridge.name());
    }

    /**
     * Whether this site master passes on views of {@code other} over {@code bridge}: its own site's, and
     * those of the sites it is the way to from there (it reaches them over another bridge, directly or by a
     * forward rule). The sites behind it take its word for those only (their forward rules name this site as
     * the gateway); anything else they would reject.
     */
    private boolean speaksFor(BridgeMember bridge, String other) {
        return other.equals(site) || table.next(other, List.of(), config.forwards())
                .filter(hop -> !hop.bridge().equals(bridge.name())).isPresent();
    }

    /** Whether a bridge member of {@code other} is in {@code bridge}'s view. */
    private boolean reaches(BridgeMember bridge, String other) {
        View bridgeView = bridgeViews.get(bridge.name());
        return bridgeView != null && bridgeView.members().stream().anyMatch(m -> other.equals(m.site()));
    }

    private List<String> visiting(List<String> visited) {
        List<String> more = new ArrayList<>(visited);
        if (!more.contains(site)) {
            more.add(site);
        }
        return more;
    }

    private void broadcastLocally(Envelope envelope) {
        unsent.watch(member.sendToAll(codec.encode(envelope), RelayEngine.marker(envelope.kind())),
                envelope.kind(), "site " + site);
    }
}
