package io.xsite.core.internal.tcp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.TransportListener;
import io.xsite.core.internal.tcp.Hello.Role;
import io.xsite.core.internal.tcp.InputErrors.Reason;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The three {@link HandshakeHandler.Side}s of the tcp transport: accepting a connection, dialling a
 * known member, and probing an address for its member's identity.
 *
 * <p>Handshake: the dialler sends HELLO(DIAL or PROBE); the acceptor answers HELLO(ACCEPT), after which
 * both may send frames, or HELLO(CLOSE) and closes. The dialler writes nothing but its HELLO before the
 * answer, so a refused connection carries no frames. When two members dial each other at once, the
 * smaller address (by UUID bits) refuses the larger one's dial while its own is dialling or up, and the
 * larger one always accepts: exactly one connection survives, the one the smaller member dialled.
 * Before that rule, a DIAL claiming a member whose connection is active from another identity is
 * refused and counted ({@link Reason#CONFLICT}): see {@link Peer#onDial}.
 */
final class Handshakes {
    private final Hello self;
    private final Function<UuidAddress, Peer> peerOf;
    private final Supplier<TransportListener> listener;
    private final InputErrors errors;
    private final ConnectionIdentities identities;

    Handshakes(Hello self, Function<UuidAddress, Peer> peerOf, Supplier<TransportListener> listener,
               InputErrors errors, ConnectionIdentities identities) {
        this.self = self;
        this.peerOf = peerOf;
        this.listener = listener;
        this.errors = errors;
        this.identities = identities;
    }

    /** Whether {@code a} wins a simultaneous dial against {@code b}: a total order on the UUID bits. */
    static boolean smaller(UuidAddress a, UuidAddress b) {
        int byMsb = Long.compare(a.msb(), b.msb());
        return byMsb != 0 ? byMsb < 0 : Long.compare(a.lsb(), b.lsb()) < 0;
    }

    /** The side of a connection someone opened to us. */
    HandshakeHandler.Side acceptor() {
        return new HandshakeHandler.Side() {
            @Override
            public Hello opening() {
                return null;
            }

            @Override
            public void onHello(ChannelHandlerContext ctx, Hello hello) {
                if (hello.role() == Role.PROBE) {
                    refuse(ctx);
                    return;
                }
                if (hello.role() != Role.DIAL || hello.member().equals(self.member())) {
                    errors.record(Reason.MALFORMED, ctx.channel(), "unexpected HELLO " + hello.role() + " from "
                            + hello.member());
                    ctx.close();
                    return;
                }
                Peer peer = peerOf.apply(hello.member());
                peer.learn(hello.listen());
                ctx.channel().closeFuture().addListener(f -> peer.onClosed(ctx.channel()));
                boolean weAreSmaller = smaller(self.member(), hello.member());
                Object identity = identities.identify(ctx.channel());
                FrameHandler frames = new FrameHandler(peer, listener.get(), errors);
                // The dialler sends frames only after our ACCEPT, so none can arrive before this read returns
                // and the FrameHandler is in place.
                switch (peer.onDial(ctx.channel(), identity, frames, weAreSmaller,
                        () -> HandshakeHandler.write(ctx.channel(), self.as(Role.ACCEPT)))) {
                    case ACCEPTED -> ctx.pipeline().replace(ctx.handler(), "frames", frames);
                    case REFUSED -> refuse(ctx);
                    case CONFLICT -> {
                        errors.record(Reason.CONFLICT, ctx.channel(), "a dial from " + identity + " claims "
                                + hello.member() + ", whose connection to " + self.member() + " is active");
                        refuse(ctx);
                    }
                }
            }

            @Override
            public void onClosedBeforeHello() {
            }
        };
    }

    /** The side of a connection we dialled to {@code peer}. */
    HandshakeHandler.Side dialler(Peer peer) {
        return new HandshakeHandler.Side() {
            @Override
            public Hello opening() {
                return self.as(Role.DIAL);
            }

            @Override
            public void onHello(ChannelHandlerContext ctx, Hello hello) {
                if (!hello.member().equals(peer.member())) {
                    errors.record(Reason.IDENTITY, ctx.channel(), "dialled " + peer.member() + ", answered by "
                            + hello.member());
                    ctx.close();
                } else if (hello.role() == Role.ACCEPT) {
                    FrameHandler frames = new FrameHandler(peer, listener.get(), errors);
                    ctx.pipeline().replace(ctx.handler(), "frames", frames);
                    peer.onAccepted(ctx.channel(), identities.identify(ctx.channel()), frames);
                } else if (hello.role() == Role.CLOSE) {
                    ctx.close(); // it is dialling us: its connection will be the one
                } else {
                    errors.record(Reason.MALFORMED, ctx.channel(), "unexpected HELLO " + hello.role() + " from "
                            + hello.member());
                    ctx.close();
                }
            }

            @Override
            public void onClosedBeforeHello() {
            }
        };
    }

    /** The side of a connection that only asks who listens there; completes {@code identity}. */
    HandshakeHandler.Side prober(CompletableFuture<UuidAddress> identity) {
        return new HandshakeHandler.Side() {
            @Override
            public Hello opening() {
                return self.as(Role.PROBE);
            }

            @Override
            public void onHello(ChannelHandlerContext ctx, Hello hello) {
                identity.complete(hello.member());
                ctx.close();
            }

            @Override
            public void onClosedBeforeHello() {
                identity.completeExceptionally(new ConnectException("connection closed before the HELLO answer"));
            }
        };
    }

    /** Answers with our identity and closes the connection once the answer is out. */
    private void refuse(ChannelHandlerContext ctx) {
        HandshakeHandler.write(ctx.channel(), self.as(Role.CLOSE)).addListener(ChannelFutureListener.CLOSE);
    }
}
