package io.xsite.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.member.Member;
import io.xsite.core.membership.View;
import io.xsite.relay.internal.bridge.BridgeMember;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.DataRoute;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.internal.routing.RoutingTable;
import io.xsite.relay.topology.MemberInfo;
import io.xsite.relay.topology.SiteView;
import io.xsite.relay.internal.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a member does while it is a site master, on its relay thread: on the {@link BridgeMembers} it started or
 * took over as the standby ({@link StandbyRole#promote}), it relays envelopes over the bridges, pushes its site's
 * view to the other sites and spreads theirs in its site, and reports sites that left the bridges as down.
 * {@link #leave()} leaves the bridges without waiting for them; {@link #standBy()} keeps them for the standby.
 */
final class SiteMasterRole implements BridgeRole {
    private static final Logger log = LoggerFactory.getLogger(SiteMasterRole.class);

    private final RoleContext context;
    private final RelayConfig config;
    private final Member member;
    private final RelayEngine engine;
    private final RelayCodec codec;
    private final RelayMetrics metrics;
    private final UnsentEnvelopes unsent;
    private final String site;
    private final BridgeMembers bridges;
    private final AwaitingRoute awaitingRoute = new AwaitingRoute();
    private View view;
    private List<UuidAddress> masters = List.of();
    private SiteView published;

    /** A site master on {@code bridges}, started already; it publishes its site's view at the next local view. */
    SiteMasterRole(RoleContext context, BridgeMembers bridges) {
        this.context = context;
        this.config = context.config();
        this.member = context.member();
        this.engine = context.engine();
        this.codec = engine.codec();
        this.metrics = context.metrics();
        this.unsent = context.unsent();
        this.site = config.site();
        this.bridges = bridges;
    }

    @Override
    public boolean onBridges() {
        return true;
    }

    @Override
    public List<BridgeMember> bridges() {
        return bridges.list();
    }

    @Override
    public SiteMasterRole promote() {
        return this;
    }

    /**
     * The standby on these bridges. What waits here for a route is dropped, as when the role ends: the origins
     * resend it through the next site master.
     */
    @Override
    public StandbyRole standBy() {
        awaitingRoute.clear();
        return new StandbyRole(context, bridges);
    }

    @Override
    public NotOnBridges leave() {
        awaitingRoute.clear();
        bridges.leave();
        return new NotOnBridges(context);
    }

    @Override
    public void onLocalView(View newView, List<UuidAddress> siteMasters) {
        view = newView;
        masters = siteMasters;
        publishOwnView();
    }

    /** Tells this site and the other sites about this site's view, if it changed. */
    void publishOwnView() {
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
        Optional<RoutingTable> seen = bridges.onView(bridge, bridgeView);
        if (seen.isEmpty()) {
            return;
        }
        RoutingTable before = seen.get();
        RoutingTable table = bridges.table();
        if (!before.sites().equals(table.sites())) {
            awaitingRoute.release(table.sites()).forEach(this::relay);
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

    /** A topology envelope flooded over {@code from}: taken, and passed on where this site master speaks for it. */
    @Override
    public void onFlooded(BridgeMember from, Envelope envelope) {
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
                    || bridges.table().next(down.site(), List.of(), config.forwards()).isPresent()) {
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

    /** Tells every other site this site's renewed {@code certificate}. */
    void announce(Envelope.SiteCertificate certificate) {
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
    void relay(Envelope.Routed envelope, ByteBuf encoded) {
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
    boolean relayAsIs(DataRoute data) {
        Optional<RoutingTable.Hop> hop = hopTowards(data.route());
        BridgeMember bridge = hop.map(h -> bridges.get(h.bridge())).orElse(null);
        if (bridge == null) {
            return false;
        }
        send(bridge, hop.get(), data.route().toSite(), data.kind(), data.messages(), data.via(site));
        return true;
    }

    private Optional<RoutingTable.Hop> hopTowards(Route route) {
        return bridges.table().next(route.toSite(), route.visited(), config.forwards())
                .map(this::preferCurrentSiteMaster);
    }

    /** Sends {@code frame} (taking it), an envelope of {@code kind}, to the hop's bridge member. */
    private void send(BridgeMember bridge, RoutingTable.Hop hop, String targetSite, Envelope.Kind kind, int messages,
                      ByteBuf frame) {
        // Labelled by a site this member knows, so that destinations named by others add no meters.
        boolean known = !bridges.table().routes(targetSite).isEmpty() || engine.topology().view(targetSite).isPresent();
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
        return bridges.table().routes(hopSite).stream()
                .filter(candidate -> current.stream()
                        .anyMatch(master -> BridgeMember.belongsTo(candidate.member(), master)))
                .findFirst().orElse(hop);
    }

    private void declareDown(String down, List<String> visited) {
        if (engine.siteDown(down)) {
            broadcastLocally(new Envelope.SiteDown(down, List.of()));
            // Not where the site is itself: there it is not down, and nobody else's word is taken.
            flood(new Envelope.SiteDown(down, visiting(visited)), bridge -> !bridges.reaches(bridge, down));
        }
    }

    private void flood(Envelope envelope, Predicate<BridgeMember> over) {
        byte[] frame = codec.encode(envelope);
        bridges.all().stream().filter(over).forEach(bridge -> sendToAll(bridge, frame, envelope.kind()));
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
        return other.equals(site) || bridges.table().next(other, List.of(), config.forwards())
                .filter(hop -> !hop.bridge().equals(bridge.name())).isPresent();
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
