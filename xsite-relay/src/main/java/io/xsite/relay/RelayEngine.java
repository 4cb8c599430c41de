package io.xsite.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.core.delivery.Message;
import io.xsite.core.member.Member;
import io.xsite.core.membership.View;
import io.xsite.relay.internal.bridge.BridgeMember;
import io.xsite.relay.internal.bridge.SiteMasters;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.reliability.Sequenced;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.DataRoute;
import io.xsite.relay.internal.routing.EncodedEnvelope;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.internal.sealing.PayloadProtection;
import io.xsite.relay.sealing.SiteSealingKeys;
import io.xsite.relay.topology.SiteView;
import io.xsite.relay.internal.topology.Topology;
import io.xsite.relay.topology.TopologyLimits;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay logic of one member, confined to its relay thread: it follows the local view (who the site
 * masters are, whether this member is one), dispatches envelopes (deliver here, hand to a local member,
 * forward to a site master, or let its {@link SiteMasterRole} relay them over a bridge), answers requests
 * from other sites and keeps the {@link Topology}. It takes an envelope only from a member that may speak
 * for its origin ({@link OriginCheck}); others are dropped, counted and logged. The bridge members of its role
 * call it on the relay thread too, as their {@link BridgeMember.Listener}.
 */
final class RelayEngine implements BridgeMember.Listener {
    private static final Logger log = LoggerFactory.getLogger(RelayEngine.class);
    private static final Map<Envelope.Kind, Map<String, String>> MARKERS = markers();

    private final RelayConfig config;
    private final Member member;
    private final UuidAddress self;
    private final String site;
    private final String logName;
    private final RelayListeners listeners;
    private final RelayMetrics metrics;
    private final UnsentEnvelopes unsent;
    /** The relay thread; bridge members run their callbacks on it (see {@link BridgeMembers}). */
    private final EventLoop thread;
    private final Topology topology;
    private final RemoteRequests requests;
    private final RelayStreams streams;
    private final PayloadProtection protection;
    /** This node's relay codec (its memory of addresses and site names is its own, on this thread). */
    private final RelayCodec codec = new RelayCodec();
    private final Map<UuidAddress, String> physicals = new HashMap<>();
    private final BadInputWarnings badInput = new BadInputWarnings(log, Duration.ofSeconds(10));
    private View view;
    private List<UuidAddress> siteMasters = List.of();
    /** The site masters of the view before: what they handed on before the view changed is still taken. */
    private List<UuidAddress> formerSiteMasters = List.of();
    /** The member next in line to be site master, on the bridges already ({@link SiteMasters#standby}); null if none. */
    private UuidAddress standby;
    /** The standby of the view before, which may still hand on what it took from the bridges. */
    private UuidAddress formerStandby;
    /** What this member is on the bridges: on none, the standby, or a site master. */
    private BridgeRole role;
    private final SiteMasterElection election;

    /** The engine of {@code member} on {@code thread}, the relay thread, where its bridge members call it too. */
    RelayEngine(RelayConfig config, Member member, EventLoop thread, RelayListeners listeners, RelayMetrics metrics) {
        this.config = config;
        this.member = member;
        this.self = member.address();
        this.site = config.site();
        this.logName = site + "/" + member.name();
        this.listeners = listeners;
        this.metrics = metrics;
        this.unsent = new UnsentEnvelopes(logName, metrics);
        this.thread = thread;
        this.topology = new Topology(config.limits().maxSites());
        // A member alone in its view waits for the members its discovery found a join and a merge check at most.
        this.election = new SiteMasterElection(config.maxSiteMasters(), config.member().membership().joinTimeout()
                .plus(config.member().membership().mergeCheckInterval()).toNanos(), logName);
        this.role = new NotOnBridges(new RoleContext(config, member, this, metrics, unsent, thread));
        this.requests = new RemoteRequests(thread);
        this.protection = config.sealing()
                .map(keys -> PayloadProtection.sealed(keys, codec, logName,
                        failure -> metrics.sealingFailure(failure.label)))
                .orElseGet(() -> PayloadProtection.cleartext(codec));
        // Sealed as they leave, a batch as one: the cipher's set-up per payload cost more than encrypting it.
        DataBatches batches = new DataBatches(thread, maxBatchBytes(config), elements -> {
            EncodedEnvelope leaving = protection.seal(elements);
            dispatch(leaving.envelope(), false, leaving.wire());
        });
        this.streams = new RelayStreams(config.reliability(), self, logName, envelope -> dispatch(envelope, false),
                batches::add, this::deliver, this::multicastLocally, listeners::undelivered, metrics, protection,
                System::nanoTime, RandomGenerator.getDefault());
    }

    Topology topology() {
        return topology;
    }

    RelayCodec codec() {
        return codec;
    }

    RemoteRequests requests() {
        return requests;
    }

    /** The relay's meters; thread-safe (Micrometer), so any thread may scrape them. */
    RelayMetrics metrics() {
        return metrics;
    }

    /** The first site master, where this member's cross-site traffic goes; null before the first view. */
    UuidAddress firstSiteMaster() {
        return siteMasters.isEmpty() ? null : siteMasters.get(0);
    }

    /** The bridge members of this site master; empty when not one. */
    List<BridgeMember> bridges() {
        return role.bridges();
    }

    Map<UuidAddress, String> physicals() {
        return physicals;
    }

    /** The local view changed: site masters may have changed, this member's role with them. */
    void onLocalView(View newView) {
        assertOnRelayThread();
        view = newView;
        UuidAddress firstBefore = firstSiteMaster();
        formerSiteMasters = siteMasters;
        formerStandby = standby;
        SiteMasterElection.Outcome elected = election.elect(newView, role.onBridges(), member.discovered(), System.nanoTime());
        siteMasters = elected.siteMasters();
        standby = elected.standby();
        followRole(siteMasters.contains(self), standingBy());
        physicals.keySet().retainAll(newView.members());
        UuidAddress first = firstSiteMaster();
        if (firstBefore != null && !firstBefore.equals(first)) {
            streams.onPathChanged();
        }
        role.onLocalView(newView, siteMasters);
        if (first != null && !first.equals(firstBefore)) {
            // Announce where this member is reached and pull the topology from the (new) site masters.
            byte[] hello = codec.encode(new Envelope.Hello(self, physical(member)));
            siteMasters.forEach(master2 -> unsent.watch(member.send(master2, hello, marker(Envelope.Kind.HELLO)),
                    Envelope.Kind.HELLO, master2));
        }
    }

    /**
     * Whether this member is the standby and should be on the bridges: once another site is up (its site master
     * reaches one), not while the bridges form, where every extra bridge member costs rounds of joins and merges.
     */
    private boolean standingBy() {
        return self.equals(standby) && (role.onBridges() || topology.snapshot().keySet().stream().anyMatch(up -> !up.equals(site)));
    }

    /**
     * Takes, changes or gives up the role: a site master and the standby are on the bridges (from one to the
     * other they keep their bridge members), anyone else is not.
     */
    private void followRole(boolean master, boolean standing) {
        boolean wasMaster = role instanceof SiteMasterRole;
        role = master ? role.promote() : standing ? role.standBy() : role.leave();
        if (master != wasMaster) {
            log.info("[{}] {} site master (site masters {}, standby {})", logName, master ? "became" : "ceased to be",
                    siteMasters, standby);
            metrics.siteMasterChange();
            listeners.siteMasterChanged(master);
        } else if (standing && !self.equals(formerStandby)) {
            log.info("[{}] standby site master: on the bridges, ready to take the routes (site masters {})", logName,
                    siteMasters);
        }
    }

    /** A message of the local cluster: application traffic, or a relay frame. */
    void onLocalMessage(Message message) {
        assertOnRelayThread();
        String marker = message.headers().get(RelayCodec.MARKER);
        if (marker == null) {
            // Copied out of the received buffer now: the listeners may keep the message past this call.
            message.payload();
            listeners.message(message);
            return;
        }
        if (passedOnAsIs(message, false)) {
            return;
        }
        Envelope envelope = decode(message, "local member " + message.sender());
        if (envelope == null || !accepted(envelope, message, false)) {
            return;
        }
        if (envelope instanceof Envelope.Routed routed) {
            dispatch(routed, false, message.payloadBuffer());
        } else if (envelope instanceof Envelope.Topology update) {
            applyTopology(update.view());
        } else if (envelope instanceof Envelope.SiteDown down) {
            siteDown(down.site());
        } else if (envelope instanceof Envelope.Hello hello) {
            onHello(hello);
        } else if (envelope instanceof Envelope.SiteCertificate certificate) {
            learnCertificate(certificate);
        }
    }

    /** Takes another site's certificate (see {@link PayloadProtection#learn}); true when it is new. */
    boolean learnCertificate(Envelope.SiteCertificate certificate) {
        if (!protection.learn(certificate)) {
            return false;
        }
        streams.onSealingReady(certificate.site());
        return true;
    }

    /** The site certificates to tell others about: this site's first, then the verified ones; none in clear mode. */
    /**
     * This site's certificate was renewed: seal with the new keys and, as a site master, tell the other sites (the
     * site's other members reload the same files themselves).
     */
    void renewSealing(SiteSealingKeys keys) {
        assertOnRelayThread();
        if (!protection.renew(keys)) {
            return;
        }
        if (role instanceof SiteMasterRole siteMaster) {
            siteMaster.announce(protection.certificates().get(0));
        }
    }

    List<Envelope.SiteCertificate> certificates() {
        return protection.certificates();
    }

    /** A message over one of this site master's bridges. */
    @Override
    public void onBridgeMessage(BridgeMember bridge, Message message) {
        assertOnRelayThread();
        if (passedOnAsIs(message, true)) {
            return;
        }
        Envelope envelope = decode(message, "bridge member " + message.sender());
        if (envelope == null || !accepted(envelope, message, true)) {
            return;
        }
        if (envelope instanceof Envelope.Routed routed) {
            dispatch(routed, true, message.payloadBuffer());
        } else {
            role.onFlooded(bridge, envelope);
        }
    }

    @Override
    public void onBridgeView(BridgeMember bridge, View bridgeView) {
        assertOnRelayThread();
        role.onBridgeView(bridge, bridgeView);
    }

    /**
     * Sends an envelope on its way from here: delivers it, hands it to the local member it is for,
     * multicasts it in this site (when it came over a bridge for this site), forwards it to the first site
     * master, or relays it over a bridge.
     */
    void dispatch(Envelope.Routed envelope, boolean overBridge) {
        dispatch(envelope, overBridge, null);
    }

    /**
     * As {@link #dispatch(Envelope.Routed, boolean)} for an envelope whose wire form is {@code encoded} (null:
     * none yet), which is passed on as it is, or spliced, instead of encoded again. {@code encoded} is borrowed
     * (valid during the call, as a received message's buffer is): a send takes a retained duplicate.
     */
    private void dispatch(Envelope.Routed envelope, boolean overBridge, ByteBuf encoded) {
        Destination to = envelope.route().to();
        if (!envelope.route().toSite().equals(site)) {
            // The standby sends through the first site master like any member: its bridges may still be joining,
            // and its own streams then change path only when it becomes site master.
            if (role instanceof SiteMasterRole siteMaster) {
                siteMaster.relay(envelope, encoded);
                return;
            }
            UuidAddress master = firstSiteMaster();
            if (master == null) {
                // Not counted as unsent: until a view names a site master nothing crosses sites, and the
                // origin's stream resends once one does.
                log.debug("[{}] no site master yet; {} to {} waits for the origin's resend", logName,
                        envelope.kind(), envelope.route().toSite());
                return;
            }
            send(master, envelope, encoded);
            return;
        }
        if (to instanceof Destination.Site) {
            // Over the bridge it reaches a site master, which acknowledges it and hands it on to the site;
            // locally it is such a hand-over.
            elements(envelope).forEach(part -> streams.onData(part, !overBridge));
            return;
        }
        UuidAddress target = ((Destination.Member) to).member();
        if (target.equals(self) || target.kind() == UuidAddress.Kind.SITE_MASTER) {
            deliver(envelope);
            return;
        }
        if (isOtherLocalMember(target)) {
            send(target, envelope, encoded);
            return;
        }
        if (Envelope.carriesElements(envelope)) {
            metrics.unreachable("member");
            dispatch(new Envelope.MemberUnreachable(envelope.route().back(self), target), false);
        }
    }

    /** Sends an envelope of {@code kind}, encoded, to the local member {@code to}, watching the outcome. */
    private void send(UuidAddress to, byte[] encoded, Envelope.Kind kind) {
        unsent.watch(member.send(to, encoded, marker(kind)), kind, to);
    }

    /** Sends {@code envelope} to the local member {@code to} as {@code encoded} (borrowed), or encoded now if null. */
    private void send(UuidAddress to, Envelope.Routed envelope, ByteBuf encoded) {
        if (encoded == null) {
            send(to, codec.encode(envelope), envelope.kind());
            return;
        }
        unsent.watch(member.send(to, encoded.retainedDuplicate(), marker(envelope.kind())), envelope.kind(), to);
    }

    /**
     * On a site master: passes on a DATA envelope that only crosses this member (over a bridge towards
     * another site, or to the local member it is for) as the bytes it came in, having read only its route.
     * Decoding it whole copied every relayed payload once more at each site master; its body is checked
     * where it is decoded in full, at its destination; its origin is checked here ({@link OriginCheck}), and
     * one its sender may not speak for is dropped (true). False when the envelope needs decoding here (it is
     * for this member or this whole site, it is not DATA or not well formed, or no bridge leads on). The bytes
     * go on in the buffer they arrived in when the member kept them there (a retained duplicate, which the
     * next hop's stream releases once acknowledged): no copy out of it, and none into an array.
     */
    private boolean passedOnAsIs(Message message, boolean overBridge) {
        if (!(role instanceof SiteMasterRole siteMaster)) {
            return false;
        }
        ByteBuf encoded = message.payloadBuffer();
        DataRoute data;
        try {
            data = codec.dataRoute(encoded);
        } catch (MalformedFrameException e) {
            return false; // decoded in full, it is reported as malformed
        }
        if (data == null) {
            return false;
        }
        Route route = data.route();
        UuidAddress origin = route.origin();
        Optional<Rejection> rejection = overBridge
                ? OriginCheck.fromBridge(origin.site(), message.sender().site(), site, config.forwards())
                : OriginCheck.routedFromLocal(origin, isSiteMaster(message.sender()), site);
        if (rejection.isPresent()) {
            reject(rejection.get(), data.kind(), message, overBridge, origin);
            return true;
        }
        if (!route.toSite().equals(site)) {
            return siteMaster.relayAsIs(data);
        }
        if (route.to() instanceof Destination.Member m && isOtherLocalMember(m.member())) {
            unsent.watch(member.send(m.member(), encoded.retainedDuplicate(), marker(data.kind())), data.kind(),
                    m.member());
            return true;
        }
        return false;
    }

    /** Whether {@code target} is a member of this site's view other than this one (and no site-master alias). */
    private boolean isOtherLocalMember(UuidAddress target) {
        return !target.equals(self) && target.kind() != UuidAddress.Kind.SITE_MASTER && view != null
                && view.contains(target);
    }

    /** An envelope reached its final member. */
    private void deliver(Envelope.Routed envelope) {
        UuidAddress origin = envelope.route().origin();
        if (Envelope.carriesElements(envelope)) {
            elements(envelope).forEach(part -> streams.onData(part, false));
        } else if (envelope instanceof Envelope.Ack ack) {
            streams.onAck(ack);
        } else if (envelope instanceof Envelope.Undelivered undelivered) {
            streams.onUndelivered(undelivered);
        } else if (envelope instanceof Envelope.SiteUnreachable unreachable) {
            log.debug("[{}] site {} unreachable for {}", logName, unreachable.site(), unreachable.failed());
            requests.unreachable(target -> target.site().equals(unreachable.site()));
        } else if (envelope instanceof Envelope.MemberUnreachable unreachable) {
            requests.unreachable(unreachable.member()::equals);
            streams.onMemberUnreachable(unreachable.member());
            listeners.memberUnreachable(unreachable.member());
        }
    }

    /**
     * The stream elements {@code envelope} carries, a batch sealed as one opened first: none when it is refused
     * (counted and logged) or carries none.
     */
    private List<Envelope.Data> elements(Envelope.Routed envelope) {
        if (envelope instanceof Envelope.Streamed streamed) {
            return streamed.parts();
        }
        if (!(envelope instanceof Envelope.SealedBatch sealed)) {
            return List.of();
        }
        try {
            Envelope.Batch opened = protection.open(sealed);
            return opened == null ? List.of() : opened.parts();
        } catch (MalformedFrameException e) {
            metrics.malformed();
            badInput.report("payload", "[{}] dropped a malformed batch from {}: {}", logName,
                    sealed.route().origin(), e.getMessage());
            return List.of();
        }
    }

    /** An element of a stream to this member (or its site) arrived in order, once. */
    private void deliver(Sequenced element) {
        UuidAddress origin = element.origin();
        AppPayload payload;
        try {
            payload = RelayCodec.decodePayload(element.body());
        } catch (MalformedFrameException e) {
            metrics.malformed();
            badInput.report("payload", "[{}] dropped a malformed payload from {}: {}", logName, origin,
                    e.getMessage());
            return;
        }
        UuidAddress destination = element.destination() instanceof Destination.Member m ? m.member() : null;
        Message message = new Message(origin, destination, Map.of(), payload.bytes());
        switch (payload.kind()) {
            case MESSAGE -> listeners.message(message);
            case REQUEST -> answer(origin, payload.requestId(), message);
            case REPLY -> requests.onReply(payload.requestId(), origin, payload.error() == null ? message
                    : new Message(origin, destination, Map.of(Member.ERROR_HEADER, payload.error()), payload.bytes()));
            case FENCE -> {
                // Only its position counts: it revealed any gap in front of it.
            }
        }
    }

    /** A site master hands an acknowledged element of a stream to its site on to the site's members. */
    private void multicastLocally(Envelope.Data data) {
        unsent.watch(member.sendToAll(codec.encode(data), marker(data.kind())), data.kind(), "site " + site);
    }

    /**
     * Runs the streams' timers; on its thread it never throws, as a throwing periodic task would stop being
     * scheduled.
     */
    void onTick() {
        assertOnRelayThread();
        try {
            if (view != null && election.waitOver(view, member.discovered(), System.nanoTime())) {
                onLocalView(view);
            }
            streams.onTick();
        } catch (RuntimeException e) {
            log.error("[{}] relay tick failed", logName, e);
        }
    }

    private void answer(UuidAddress origin, long requestId, Message request) {
        AppPayload reply;
        try {
            reply = new AppPayload(AppPayload.Kind.REPLY, requestId, null, listeners.handle(request));
        } catch (Exception e) {
            reply = new AppPayload(AppPayload.Kind.REPLY, requestId, String.valueOf(e.getMessage()), new byte[0]);
        }
        send(new Destination.Member(origin), reply);
    }

    /**
     * Sends application data from this member to {@code to} in another site (or this site's multicast): completes
     * when the origin stream accepted it (it is then delivered once and in order, or reported to the listeners'
     * {@link RelayListener#onUndelivered}), fails when it is not accepted.
     */
    CompletableFuture<Void> send(Destination to, AppPayload payload) {
        assertOnRelayThread();
        String toSite = Route.siteOf(to);
        if (topology.view(toSite).isPresent() && !topology.isUp(toSite)) {
            return CompletableFuture.failedFuture(new SiteDownException(toSite));
        }
        if (!protection.canSealFor(toSite) && !topology.isUp(toSite)) {
            // Unsealed, its site master would answer that the site is unreachable; sealed, it cannot leave at all.
            return CompletableFuture.failedFuture(new IllegalStateException(logName + ": site " + toSite
                    + " is not up, and payloads to it cannot be sealed without its certificate"));
        }
        return streams.send(to, payload) ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IllegalStateException("no room for a message to " + to
                + ": too many wait for acknowledgements"));
    }

    /**
     * Takes a site's view; tells the listeners when the site came up. A new site while {@code maxSites} are
     * known and up is refused, counted and logged.
     */
    Topology.Change applyTopology(SiteView siteView) {
        Optional<SiteView> before = topology.view(siteView.site());
        Topology.Change change = topology.apply(siteView);
        if (change == Topology.Change.UPDATED && !siteView.site().equals(site)
                && before.filter(known -> !known.siteMasters().equals(siteView.siteMasters())).isPresent()) {
            streams.onSiteMastersChanged(siteView.site());
        }
        if (change == Topology.Change.REFUSED) {
            metrics.rejected(Rejection.TOO_MANY_SITES);
            badInput.report(Rejection.TOO_MANY_SITES.label, "[{}] ignored the view of site {}: {} sites known and up"
                    + " already (maxSites)", logName, siteView.site(), config.limits().maxSites());
        } else if (change == Topology.Change.UP) {
            if (!role.onBridges() && standingBy()) {
                followRole(false, true);
            }
            streams.onPathChanged();
            log.info("[{}] site {} up ({} members)", logName, siteView.site(), siteView.members().size());
            listeners.siteUp(siteView.site());
        }
        return change;
    }

    /** Marks {@code down} as down; fails requests to it at once; whether it was up. */
    boolean siteDown(String down) {
        if (!topology.down(down)) {
            return false;
        }
        log.info("[{}] site {} down", logName, down);
        requests.unreachable(target -> down.equals(target.site()));
        streams.onSiteDown(down);
        listeners.siteDown(down);
        return true;
    }

    /**
     * Whether the sender of {@code message} may send {@code envelope} ({@link OriginCheck}), and a site view
     * of another site is within the {@link TopologyLimits}; a rejected envelope is counted and logged.
     */
    private boolean accepted(Envelope envelope, Message message, boolean overBridge) {
        Optional<Rejection> rejection = overBridge
                ? OriginCheck.fromBridge(envelope, message.sender().site(), site, config.forwards())
                : OriginCheck.fromLocal(envelope, message.sender(), isSiteMaster(message.sender()), site);
        if (rejection.isEmpty() && envelope instanceof Envelope.Topology update && !update.view().site().equals(site)) {
            rejection = beyondLimits(update.view());
        }
        rejection.ifPresent(reason -> reject(reason, envelope.kind(), message, overBridge, claimedOrigin(envelope)));
        return rejection.isEmpty();
    }

    /** Why another site's {@code view} is not taken, if it is not: inconsistent, or too large. */
    private Optional<Rejection> beyondLimits(SiteView view) {
        if (!TopologyLimits.wellFormed(view)) {
            return Optional.of(Rejection.BAD_SITE_VIEW);
        }
        return config.limits().tooLarge(view) ? Optional.of(Rejection.TOO_MANY_MEMBERS) : Optional.empty();
    }

    private void reject(Rejection reason, Envelope.Kind kind, Message message, boolean overBridge, Object claimed) {
        metrics.rejected(reason);
        badInput.report(reason.label, "[{}] rejected a {} envelope from {} {} claiming {}: {}", logName, kind,
                overBridge ? "bridge member" : "local member", message.sender(), claimed, reason.label);
    }

    /** What {@code envelope} claims to come from or speak for, for the log. */
    private static Object claimedOrigin(Envelope envelope) {
        if (envelope instanceof Envelope.Routed routed) {
            return routed.route().origin();
        } else if (envelope instanceof Envelope.Topology update) {
            return "the view of site " + update.view().site();
        } else if (envelope instanceof Envelope.SiteDown down) {
            return "site " + down.site() + " down";
        } else if (envelope instanceof Envelope.SiteCertificate certificate) {
            return "the certificate of site " + certificate.site();
        }
        return ((Envelope.Hello) envelope).member();
    }

    /**
     * Whether {@code sender} is a site master or the standby of this site, or was one in the view before: the
     * standby is on the bridges too and hands on what reaches it there.
     */
    private boolean isSiteMaster(UuidAddress sender) {
        return siteMasters.contains(sender) || formerSiteMasters.contains(sender) || sender.equals(standby)
                || sender.equals(formerStandby);
    }

    private void onHello(Envelope.Hello hello) {
        // Beyond a name's length the other sites would reject this site's view (TopologyLimits.wellFormed).
        if (hello.physical().length() <= TopologyLimits.MAX_NAME_CHARS) {
            physicals.put(hello.member(), hello.physical());
        }
        topology.snapshot().values().forEach(known -> send(hello.member(),
                codec.encode(new Envelope.Topology(known, List.of())), Envelope.Kind.TOPOLOGY));
        certificates().stream().filter(certificate -> !certificate.site().equals(site)).forEach(certificate ->
                send(hello.member(), codec.encode(certificate), Envelope.Kind.SITE_CERTIFICATE));
        if (role instanceof SiteMasterRole siteMaster) {
            siteMaster.publishOwnView();
        }
    }

    private Envelope decode(Message message, String from) {
        try {
            return protection.decodeReceived(message.payloadBuffer());
        } catch (MalformedFrameException e) {
            metrics.malformed();
            badInput.report("envelope", "[{}] dropped a malformed relay envelope from {}: {}", logName, from,
                    e.getMessage());
            return null;
        }
    }

    /**
     * The most bytes of elements a batch of this member's carries: a tenth of the largest message its members
     * take (the bridge member has the same settings), at most {@link DataBatches#MAX_BYTES}, so that a batch
     * never comes near the limit of any member on the way that keeps the defaults.
     */
    private static int maxBatchBytes(RelayConfig config) {
        return Math.min(DataBatches.MAX_BYTES, config.member().delivery().maxMessageBytes() / 10);
    }

    /**
     * Headers of a local message carrying an envelope of {@code kind}: one map per kind, built once, as
     * the member's codec recognises the map it encoded last instead of encoding it again.
     */
    static Map<String, String> marker(Envelope.Kind kind) {
        return MARKERS.get(kind);
    }

    private static Map<Envelope.Kind, Map<String, String>> markers() {
        Map<Envelope.Kind, Map<String, String>> markers = new EnumMap<>(Envelope.Kind.class);
        for (Envelope.Kind kind : Envelope.Kind.values()) {
            markers.put(kind, Map.of(RelayCodec.MARKER, kind.name()));
        }
        return markers;
    }

    static String physical(Member member) {
        return member.physicalAddress().getHostString() + ":" + member.physicalAddress().getPort();
    }

    /**
     * Every entry point checks that it runs on the relay thread, as the member's protocol checks its loop: the
     * engine's state is confined to that thread, and a call from another would race with it unseen.
     */
    private void assertOnRelayThread() {
        if (!thread.inEventLoop()) {
            throw new IllegalStateException("[" + logName + "] relay engine called on "
                    + Thread.currentThread().getName() + ", not on its relay thread");
        }
    }

    String logName() {
        return logName;
    }
}
