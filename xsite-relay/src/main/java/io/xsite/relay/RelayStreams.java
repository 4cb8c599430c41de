package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.internal.reliability.Body;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.reliability.DestinationOutput;
import io.xsite.relay.internal.reliability.DestinationStreams;
import io.xsite.relay.reliability.Loss;
import io.xsite.relay.internal.reliability.OriginOutput;
import io.xsite.relay.internal.reliability.OriginStreams;
import io.xsite.relay.internal.reliability.ReceiverRole;
import io.xsite.relay.reliability.ReliabilityConfig;
import io.xsite.relay.internal.reliability.Sequenced;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.internal.sealing.PayloadProtection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end reliability of one member's cross-site traffic, on its relay thread: the origin streams of
 * what it sends (held until acknowledged, resent after a path change or a timeout), the acknowledging
 * receiver of unicasts to it and, at a site master, of multicasts to its site, and the non-acknowledging
 * receiver of site multicasts handed on by a site master (duplicates dropped, per-origin FIFO).
 *
 * <p>A send the origin buffer refuses waits here, in order, until the buffer has room again, up to
 * {@value #MAX_WAITING} per destination; so does a send to a site whose payloads cannot be sealed yet (its
 * certificate has not arrived), until {@link #onSealingReady}. A send to a new destination fails when the origin
 * keeps as many streams as it may, each holding elements ({@link OriginStreams#mayOpen}). Payloads are sealed as
 * they leave (their stream position is part of the seal) and opened before the receiving streams see them, so
 * that nothing that fails to open is acknowledged.
 *
 * <p>Whatever a send accepted is delivered once and in order, or its loss is told to the application in one
 * {@link UndeliveredMessages} event: the sends still waiting and the elements still unacknowledged when their
 * destination goes down or leaves its site, the elements a receiver refused because it had forgotten their
 * stream, and the elements a member of a destination site reports it skipped.
 */
final class RelayStreams implements OriginOutput {
    private static final Logger log = LoggerFactory.getLogger(RelayStreams.class);
    private static final int MAX_WAITING = 100_000;

    private final UuidAddress self;
    private final String logName;
    private final Consumer<Envelope.Routed> dispatch;
    private final Consumer<Envelope.Data> transmit;
    private final Consumer<Sequenced> deliver;
    private final Consumer<Envelope.Data> multicastLocally;
    private final Consumer<UndeliveredMessages> undelivered;
    private final RelayMetrics metrics;
    private final PayloadProtection protection;
    private final OriginStreams origin;
    private final DestinationStreams acking;
    private final DestinationStreams siteMember;
    private final Map<Destination, Queue<Body>> waiting = new HashMap<>();

    /**
     * @param dispatch         sends an envelope on its way from this member
     * @param transmit         sends an element of this member's streams on its way (batched with others)
     * @param deliver          hands an element's payload to the application
     * @param multicastLocally a site master's hand-over of a site multicast to its site's members
     * @param undelivered      tells the application of messages it sent that will not be delivered
     * @param protection       seals what this member sends, opens what other sites sent
     * @param nanoClock        monotonic time in nanoseconds
     * @param random           picks the epochs of this member's streams
     */
    RelayStreams(ReliabilityConfig config, UuidAddress self, String logName, Consumer<Envelope.Routed> dispatch,
                 Consumer<Envelope.Data> transmit, Consumer<Sequenced> deliver,
                 Consumer<Envelope.Data> multicastLocally, Consumer<UndeliveredMessages> undelivered,
                 RelayMetrics metrics, PayloadProtection protection, LongSupplier nanoClock, RandomGenerator random) {
        this.self = self;
        this.logName = logName;
        this.dispatch = dispatch;
        this.transmit = transmit;
        this.deliver = deliver;
        this.multicastLocally = multicastLocally;
        this.undelivered = undelivered;
        this.metrics = metrics;
        this.protection = protection;
        this.origin = new OriginStreams(config, self, this, nanoClock, random);
        this.acking = new DestinationStreams(config, new Receiver(true), nanoClock, ReceiverRole.ACKNOWLEDGING);
        this.siteMember = new DestinationStreams(config, new Receiver(false), nanoClock, ReceiverRole.SITE_MEMBER);
    }

    /**
     * Sends {@code body} on the stream to {@code to}; false when too many sends wait for room, or when
     * {@code to} would need a stream and there is no room for one.
     */
    boolean send(Destination to, Body body) {
        if (!origin.mayOpen(to)) {
            return false;
        }
        Queue<Body> queue = waiting.get(to);
        if (queue == null && protection.canSealFor(Route.siteOf(to)) && origin.send(to, body)) {
            return true;
        }
        queue = waiting.computeIfAbsent(to, d -> new ArrayDeque<>());
        if (queue.size() >= MAX_WAITING) {
            return false;
        }
        queue.add(body);
        return true;
    }

    /**
     * A data envelope reached this member: {@code handedOn} when a site master of this site multicast it
     * here (this member only drops duplicates), otherwise this member acknowledges it.
     */
    void onData(Envelope.Data data, boolean handedOn) {
        if (handedOn) {
            siteMember.onSequenced(data.element()); // opened by the site master that hands it on
            return;
        }
        Envelope.Data opened = protection.open(data);
        if (opened != null) {
            acking.onSequenced(opened.element());
        }
    }

    /** Payloads to {@code site} can be sealed now: the sends that waited for it go. */
    void onSealingReady(String site) {
        for (Destination to : List.copyOf(waiting.keySet())) {
            if (Route.siteOf(to).equals(site)) {
                windowOpened(to);
            }
        }
    }

    void onAck(Envelope.Ack ack) {
        origin.onAck(ack.route().origin(), ack.stream(), ack.epoch(), ack.seq());
    }

    /** The way out of this site changed: resend everything unacknowledged now. */
    void onPathChanged() {
        origin.onPathChanged();
    }

    /**
     * The site masters of {@code site} changed: a former one may have acknowledged elements of this member's
     * stream to the site and left before handing them on. A fence on the stream lets the site's members find out.
     */
    void onSiteMastersChanged(String site) {
        Destination to = new Destination.Site(site);
        if (origin.destinations().contains(to)) {
            send(to, AppPayload.fence());
        }
    }

    /** {@code site} is down: give up the streams to it, reporting what they held and what waited. */
    void onSiteDown(String site) {
        List<Destination> streams = new ArrayList<>(waiting.keySet());
        origin.destinations().stream().filter(to -> !waiting.containsKey(to)).forEach(streams::add);
        streams.stream().filter(to -> Route.siteOf(to).equals(site)).forEach(to -> giveUp(to, Loss.SITE_DOWN));
    }

    /** {@code member} is not in its site's view: give up the stream to it, reporting what it held and what waited. */
    void onMemberUnreachable(UuidAddress member) {
        giveUp(new Destination.Member(member), Loss.MEMBER_UNREACHABLE);
    }

    /**
     * A receiver will not deliver elements of this member's stream: a site member skipped them, or the receiver
     * refused the stream's epoch, which is then given up (what it held is reported) unless a later one is open.
     */
    void onUndelivered(Envelope.Undelivered notice) {
        UuidAddress receiver = notice.route().origin();
        if (notice.reason() == Loss.SKIPPED) {
            report(notice.stream(), Loss.SKIPPED, notice.count(), List.of(), receiver);
        } else {
            reportHeld(notice.stream(), Loss.FORGOTTEN, origin.onForgotten(notice.stream(), notice.epoch()), receiver);
        }
    }

    /** Gives up the stream to {@code to} and the sends waiting for it (first, so that none opens a new stream). */
    private void giveUp(Destination to, Loss reason) {
        Queue<Body> queued = waiting.remove(to);
        List<Body> lost = new ArrayList<>(origin.onUnreachable(to));
        if (queued != null) {
            lost.addAll(queued);
        }
        reportHeld(to, reason, lost, self);
    }

    /** Reports the messages among {@code bodies} (this member's own, so payloads; fences are not messages). */
    private void reportHeld(Destination to, Loss reason, List<Body> bodies, UuidAddress reportedBy) {
        List<byte[]> payloads = bodies.stream().map(AppPayload.class::cast)
                .filter(payload -> payload.kind() != AppPayload.Kind.FENCE).map(AppPayload::bytes).toList();
        if (!payloads.isEmpty()) {
            report(to, reason, payloads.size(), payloads, reportedBy);
        }
    }

    /** Counts, logs and tells the application that {@code count} messages to {@code to} will not be delivered. */
    private void report(Destination to, Loss reason, long count, List<byte[]> payloads, UuidAddress reportedBy) {
        metrics.undelivered(reason, count);
        log.warn("[{}] {} messages to {} not delivered ({}, reported by {})", logName, count, to, reason, reportedBy);
        undelivered.accept(new UndeliveredMessages(to, reason, count, payloads, reportedBy));
    }

    /** How many messages to {@code to} were accepted and are neither acknowledged nor reported yet. */
    int pending(Destination to) {
        Queue<Body> queue = waiting.get(to);
        return origin.pending(to) + (queue == null ? 0 : queue.size());
    }

    void onTick() {
        long resentBefore = origin.resent();
        origin.onTick();
        acking.onTick();
        siteMember.onTick();
        metrics.reliability(origin.resent() - resentBefore, acking.duplicatesDropped() + siteMember.duplicatesDropped());
    }

    /**
     * Hands each transmission, resends too, to the batching in clear: a batch is sealed as one as it leaves
     * (so is a resend, under the destination site's current key, should it have renewed its certificate).
     */
    @Override
    public void transmit(Sequenced element) {
        transmit.accept(Envelope.Data.of(element));
    }

    @Override
    public void windowOpened(Destination to) {
        Queue<Body> queue = waiting.get(to);
        if (!protection.canSealFor(Route.siteOf(to))) {
            return;
        }
        while (queue != null && !queue.isEmpty() && origin.send(to, queue.peek())) {
            queue.remove();
        }
        if (queue != null && queue.isEmpty()) {
            waiting.remove(to);
        }
    }

    /**
     * A receiver's output: delivers to the application; the acknowledging receiver at a site master hands a
     * site's element to the site's members instead.
     */
    private final class Receiver implements DestinationOutput {
        private final boolean acknowledging;

        Receiver(boolean acknowledging) {
            this.acknowledging = acknowledging;
        }

        @Override
        public void deliver(Sequenced element) {
            if (acknowledging && element.destination() instanceof Destination.Site) {
                multicastLocally.accept(Envelope.Data.of(element));
            } else {
                deliver.accept(element);
            }
        }

        @Override
        public void ack(UuidAddress originMember, Destination destination, long epoch, long seq) {
            dispatch.accept(new Envelope.Ack(Route.from(self, new Destination.Member(originMember)), destination,
                    epoch, seq));
        }

        @Override
        public void skipped(UuidAddress originMember, Destination destination, long epoch, long fromSeq, long toSeq) {
            metrics.skipped(toSeq - fromSeq + 1);
            log.warn("[{}] {} messages {}..{} of {} to {} never arrived here; their origin is told", logName,
                    toSeq - fromSeq + 1, fromSeq, toSeq, originMember, destination);
            tell(originMember, destination, epoch, fromSeq, toSeq, Loss.SKIPPED);
        }

        @Override
        public void forgotten(UuidAddress originMember, Destination destination, long epoch) {
            log.warn("[{}] refused epoch {} of {} to {}: this member forgot it; the origin opens a new one", logName,
                    epoch, originMember, destination);
            tell(originMember, destination, epoch, 1, 1, Loss.FORGOTTEN);
        }

        private void tell(UuidAddress originMember, Destination destination, long epoch, long fromSeq, long toSeq,
                          Loss reason) {
            dispatch.accept(new Envelope.Undelivered(Route.from(self, new Destination.Member(originMember)),
                    destination, epoch, fromSeq, toSeq, reason));
        }
    }
}
