package io.xsite.core.member;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.delivery.DeliveryMessage;
import io.xsite.core.internal.delivery.DeliveryOutput;
import io.xsite.core.delivery.Message;
import io.xsite.core.internal.delivery.Parcel;
import io.xsite.core.delivery.Replies;
import io.xsite.core.internal.delivery.ReliableDelivery;
import io.xsite.core.internal.delivery.RequestCorrelator;
import io.xsite.core.internal.membership.Membership;
import io.xsite.core.internal.membership.MembershipDrop;
import io.xsite.core.internal.membership.MembershipMessage;
import io.xsite.core.internal.membership.MembershipOutput;
import io.xsite.core.membership.View;
import io.xsite.core.transport.OutboundFrame;
import io.xsite.core.transport.Transport;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one member: membership, reliable delivery and request correlation, wired to
 * each other, to the transport and to the application. Confined to the member's
 * {@link MemberExecutor}; every entry point asserts it.
 */
final class MemberProtocol implements MembershipOutput, DeliveryOutput {
    private static final Logger log = LoggerFactory.getLogger(MemberProtocol.class);

    private final UuidAddress self;
    private final String logName;
    private final MemberExecutor executor;
    private final Transport transport;
    private final MemberFrames frames;
    private final MemberMetrics metrics;
    private final MemberCallbacks callbacks;
    private final Membership membership;
    private final ReliableDelivery delivery;
    private final RequestCorrelator correlator;
    private final PendingSends pending;
    private final Runnable discover;
    private final Consumer<View> viewPublisher;
    private final CompletableFuture<Void> left = new CompletableFuture<>();
    private View view;

    MemberProtocol(MemberConfig config, UuidAddress self, MemberExecutor executor, Transport transport,
                   MemberMetrics metrics, MemberCallbacks callbacks, Runnable discover, Consumer<View> viewPublisher,
                   LongSupplier nanoClock, RandomGenerator random) {
        this.self = self;
        this.logName = config.cluster() + "/" + config.name();
        this.executor = executor;
        this.transport = transport;
        this.frames = new MemberFrames(config.cluster(), self, config.delivery().keptPayloadBytes());
        this.metrics = metrics;
        this.callbacks = callbacks;
        this.discover = discover;
        this.viewPublisher = viewPublisher;
        this.membership = new Membership(config.membership(), config.cluster(), self, this, nanoClock, random);
        this.delivery = new ReliableDelivery(config.delivery(), self, this, nanoClock, random);
        this.correlator = new RequestCorrelator(nanoClock);
        this.pending = new PendingSends(config.maxPendingSends());
    }

    void start() {
        executor.assertInThread();
        membership.start();
    }

    void onTick() {
        executor.assertInThread();
        membership.onTick();
        delivery.onTick();
        correlator.onTick();
        metrics.retransmissions(delivery.retransmissions());
    }

    void onInbound(Inbound inbound) {
        executor.assertInThread();
        membership.onPeerHeard(inbound.from());
        if (inbound instanceof Inbound.Membership m) {
            membership.onMessage(m.from(), m.message());
        } else if (inbound instanceof Inbound.Delivery d) {
            delivery.onMessage(d.from(), d.message());
        }
    }

    void onDiscovered(Collection<UuidAddress> members) {
        executor.assertInThread();
        membership.onDiscovered(members);
    }

    void onPeerConnected(UuidAddress peer) {
        executor.assertInThread();
        delivery.onPeerConnected(peer);
    }

    void onPeerDisconnected(UuidAddress peer) {
        executor.assertInThread();
        metrics.suspicion();
        membership.onPeerDisconnected(peer);
    }

    /** A dial to {@code peer} was refused: the answer to a check of a member whose connection was lost. */
    void onPeerRefused(UuidAddress peer) {
        executor.assertInThread();
        membership.onPeerRefused(peer);
    }

    /** The transport has room for {@code peer} again: what it refused goes out now, not at the next timeout. */
    void onWritable(UuidAddress peer) {
        executor.assertInThread();
        delivery.onWritable(peer);
    }

    View view() {
        executor.assertInThread();
        return view;
    }

    /**
     * Sends {@code message} to {@code to} (taking it: closed once acknowledged or given up); completes once the
     * reliable stream to it took it.
     */
    void send(UuidAddress to, Message message, CompletableFuture<Void> done) {
        executor.assertInThread();
        send(to, message, SendOutcome.of(done));
    }

    /** Sends to every member of the view, this one included; completes once every stream took it. */
    void sendToAll(Message message, CompletableFuture<Void> done) {
        executor.assertInThread();
        List<UuidAddress> members = view == null ? List.of(self) : view.members();
        SendOutcome outcome = SendOutcome.ofAll(members.size(), done);
        for (UuidAddress member : members) {
            send(member, message, outcome);
        }
    }

    /** A request to {@code targets}; each gets an outcome (replied, left, timed out, unreachable). */
    CompletableFuture<Replies> request(Collection<UuidAddress> targets, Message message, Duration timeout) {
        executor.assertInThread();
        return correlator.request(targets, timeout, (target, requestId) -> {
            Parcel parcel = Parcel.request(requestId, message);
            if (target.equals(self)) {
                deliverLocally(parcel);
                return true;
            }
            if (view == null || !view.contains(target)) {
                return false;
            }
            return pending.send(target, parcel, SendOutcome.IGNORED, this::offer);
        });
    }

    /**
     * The member stops: the messages its streams and waiting sends still hold are closed (see {@link Message}),
     * and the sends still waiting for a window fail with {@link MemberClosedException}.
     */
    void close() {
        executor.assertInThread();
        pending.close(new MemberClosedException(logName));
        delivery.close();
    }

    /** Leaves gracefully; the future completes when the view without this member is in place (or timed out). */
    CompletableFuture<Void> leave() {
        executor.assertInThread();
        if (view == null) {
            left.complete(null);
        } else {
            membership.leave();
        }
        return left;
    }

    // MembershipOutput

    @Override
    public void send(UuidAddress to, MembershipMessage message) {
        ByteBuf frame = frames.encode(message);
        counted(frame.readableBytes(), transport.send(to, frame));
    }

    @Override
    public void installView(View newView) {
        View previous = view;
        view = newView;
        if (previous != null) {
            for (UuidAddress gone : newView.diff(previous).left()) {
                transport.forget(gone);
                pending.fail(gone, new MemberUnreachableException(gone, "left the view " + newView.id()));
            }
        }
        for (UuidAddress member : newView.members()) {
            if (!member.equals(self)) {
                transport.learn(member, null);
            }
        }
        delivery.onViewChange(newView.members());
        correlator.onViewChange(newView.members());
        metrics.viewInstalled(newView.size());
        viewPublisher.accept(newView);
        callbacks.view(newView);
    }

    @Override
    public void discover() {
        discover.run();
    }

    @Override
    public void left() {
        log.info("[{}] left the cluster", logName);
        left.complete(null);
    }

    @Override
    public void dropped(UuidAddress from, MembershipDrop reason) {
        metrics.dropped(reason.label());
    }

    // DeliveryOutput

    @Override
    public boolean send(UuidAddress to, DeliveryMessage message) {
        OutboundFrame frame = frames.encode(message);
        return counted(frame.size(), transport.send(to, frame));
    }

    @Override
    public void deliver(UuidAddress from, Parcel parcel) {
        deliverLocally(parcel);
    }

    @Override
    public void windowOpened(UuidAddress to) {
        pending.onWindowOpened(to, this::offer);
    }

    @Override
    public void dropped(UuidAddress to, List<Parcel> unacknowledged) {
        log.debug("[{}] {} unacknowledged messages to {} dropped: it left the view", logName, unacknowledged.size(), to);
    }

    private void send(UuidAddress to, Message message, SendOutcome outcome) {
        if (to.equals(self)) {
            deliverLocally(Parcel.oneWay(message));
            outcome.taken();
        } else if (view == null || !view.contains(to)) {
            message.close();
            outcome.failed(new MemberUnreachableException(to, "not in the view " + view));
        } else if (!pending.send(to, Parcel.oneWay(message), outcome, this::offer)) {
            message.close();
            outcome.failed(new MemberUnreachableException(to, "too many sends wait for its window"));
        }
    }

    private boolean offer(UuidAddress to, Parcel parcel) {
        boolean taken = delivery.send(to, parcel);
        if (taken && parcel.kind() == Parcel.Kind.ONE_WAY) {
            metrics.messageSent();
        }
        return taken;
    }

    private void deliverLocally(Parcel parcel) {
        Message message = parcel.message();
        switch (parcel.kind()) {
            case ONE_WAY -> {
                metrics.messageDelivered();
                callbacks.message(message);
            }
            case REQUEST -> callbacks.request(self, message, reply -> executor.execute(() -> respond(parcel, reply)));
            case RESPONSE -> correlator.onResponse(message.sender(), parcel.requestId(), message);
        }
    }

    private void respond(Parcel request, Message reply) {
        UuidAddress requester = request.message().sender();
        if (requester.equals(self)) {
            correlator.onResponse(self, request.requestId(), reply);
        } else if (view != null && view.contains(requester)) {
            pending.send(requester, Parcel.response(request.requestId(), reply), SendOutcome.IGNORED, this::offer);
        }
    }

    /** Counts a frame of {@code bytes} that the transport took; returns {@code sent}. */
    private boolean counted(int bytes, boolean sent) {
        if (sent) {
            metrics.frameOut(bytes);
        }
        return sent;
    }
}
