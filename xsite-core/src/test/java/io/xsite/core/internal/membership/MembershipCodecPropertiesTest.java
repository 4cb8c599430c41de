package io.xsite.core.internal.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.gossip.WireArbitraries;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorAnswer;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorQuery;
import io.xsite.core.internal.membership.MembershipMessage.Heartbeat;
import io.xsite.core.internal.membership.MembershipMessage.JoinRejection;
import io.xsite.core.internal.membership.MembershipMessage.JoinRequest;
import io.xsite.core.internal.membership.MembershipMessage.JoinResponse;
import io.xsite.core.internal.membership.MembershipMessage.LeaveRequest;
import io.xsite.core.internal.membership.MembershipMessage.MergeRequest;
import io.xsite.core.internal.membership.MembershipMessage.MergeResponse;
import io.xsite.core.internal.membership.MembershipMessage.VerifyRequest;
import io.xsite.core.internal.membership.MembershipMessage.VerifyResponse;
import io.xsite.core.internal.membership.MembershipMessage.ViewAck;
import io.xsite.core.internal.membership.MembershipMessage.ViewAnnouncement;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of every membership message; truncated, oversized and random bodies fail only as malformed. */
class MembershipCodecPropertiesTest {

    @Property(tries = 500)
    void everyMessageSurvivesARoundTrip(@ForAll("messages") MembershipMessage message) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MembershipCodec.encode(message, buf);
            assertThat(buf.readableBytes()).isEqualTo(MembershipCodec.encodedSize(message));
            assertThat(MembershipCodec.isMembershipType(message.type())).isTrue();
            assertThat(MembershipCodec.decode(message.type(), buf)).isEqualTo(message);
        } finally {
            buf.release();
        }
    }

    @Property(tries = 300)
    void aTruncatedBodyIsMalformed(@ForAll("messages") MembershipMessage message,
                                   @ForAll("fractions") double keep) {
        ByteBuf full = Unpooled.buffer();
        MembershipCodec.encode(message, full);
        int kept = (int) (full.readableBytes() * keep);
        try {
            if (kept < full.readableBytes()) {
                ByteBuf truncated = full.slice(0, kept);
                assertThatThrownBy(() -> MembershipCodec.decode(message.type(), truncated))
                        .isInstanceOf(MalformedFrameException.class);
            }
        } finally {
            full.release();
        }
    }

    @Property(tries = 300)
    void bytesAfterTheBodyAreMalformed(@ForAll("messages") MembershipMessage message) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MembershipCodec.encode(message, buf);
            buf.writeByte(0);
            assertThatThrownBy(() -> MembershipCodec.decode(message.type(), buf))
                    .isInstanceOf(MalformedFrameException.class);
        } finally {
            buf.release();
        }
    }

    @Property(tries = 1000)
    void randomBodiesDecodeOrFailAsMalformed(@ForAll("types") int type, @ForAll("garbage") byte[] garbage) {
        ByteBuf in = Unpooled.wrappedBuffer(garbage);
        try {
            MembershipCodec.decode(type, in);
        } catch (MalformedFrameException expected) {
            // The only acceptable failure: anything else would be a decoder bug.
        } finally {
            in.release();
        }
    }

    @Example
    void anAnnouncedMemberCountBeyondTheBytesOrTheCapIsRejected() {
        UuidAddress creator = UuidAddress.uuid(new UUID(1, 2));
        for (int count : new int[] {Integer.MAX_VALUE, View.MAX_MEMBERS + 1, 5, 0, -1}) {
            ByteBuf in = Unpooled.buffer();
            io.xsite.wire.address.AddressCodec.encode(creator, in);
            in.writeLong(3).writeInt(count);
            io.xsite.wire.address.AddressCodec.encode(creator, in);
            try {
                assertThatThrownBy(() -> MembershipCodec.decode(ViewAnnouncement.TYPE, in))
                        .as("count %d", count).isInstanceOf(MalformedFrameException.class);
            } finally {
                in.release();
            }
        }
    }

    @Example
    void aViewWithADuplicateMemberOrAnUnknownTypeIsMalformed() {
        UuidAddress member = UuidAddress.uuid(new UUID(1, 2));
        ByteBuf in = Unpooled.buffer();
        io.xsite.wire.address.AddressCodec.encode(member, in);
        in.writeLong(3).writeInt(2);
        io.xsite.wire.address.AddressCodec.encode(member, in);
        io.xsite.wire.address.AddressCodec.encode(member, in);
        try {
            assertThatThrownBy(() -> MembershipCodec.decode(ViewAnnouncement.TYPE, in))
                    .isInstanceOf(MalformedFrameException.class);
            assertThatThrownBy(() -> MembershipCodec.decode(0x1F, Unpooled.EMPTY_BUFFER))
                    .isInstanceOf(MalformedFrameException.class);
        } finally {
            in.release();
        }
    }

    @Property(tries = 200)
    void aViewSequenceBeyondTheReceivableMaximumIsMalformed(
            @ForAll("messagesWithViewIds") MembershipMessage message,
            @ForAll("unreceivableSequences") long sequence) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MembershipCodec.encode(message, buf);
            // Every message here starts with a view id (after a presence byte for optional views):
            // creator, then the 8-byte sequence.
            int idStart = message instanceof CoordinatorAnswer || message instanceof MergeResponse ? 1 : 0;
            ViewId id = idOf(message);
            buf.setLong(idStart + AddressCodec.encodedSize(id.creator()), sequence);
            assertThatThrownBy(() -> MembershipCodec.decode(message.type(), buf))
                    .isInstanceOf(MalformedFrameException.class).hasMessageContaining("view sequence");
        } finally {
            buf.release();
        }
    }

    @Provide
    Arbitrary<MembershipMessage> messagesWithViewIds() {
        return Arbitraries.oneOf(views().map(CoordinatorAnswer::new), views().map(MergeResponse::new),
                views().map(JoinResponse::new), views().map(ViewAnnouncement::new),
                viewIds().map(ViewAck::new), viewIds().map(MergeRequest::new));
    }

    @Provide
    Arbitrary<Long> unreceivableSequences() {
        return Arbitraries.oneOf(Arbitraries.longs().between(ViewId.MAX_RECEIVED_SEQUENCE + 1, Long.MAX_VALUE),
                Arbitraries.longs().between(Long.MIN_VALUE, 0),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L, ViewId.MAX_RECEIVED_SEQUENCE + 1));
    }

    private static ViewId idOf(MembershipMessage message) {
        if (message instanceof CoordinatorAnswer m) {
            return m.view().id();
        } else if (message instanceof MergeResponse m) {
            return m.view().id();
        } else if (message instanceof JoinResponse m) {
            return m.view().id();
        } else if (message instanceof ViewAnnouncement m) {
            return m.view().id();
        } else if (message instanceof ViewAck m) {
            return m.viewId();
        }
        return ((MergeRequest) message).leaderView();
    }

    @Provide
    Arbitrary<MembershipMessage> messages() {
        Arbitrary<View> views = views();
        Arbitrary<ViewId> ids = viewIds();
        return Arbitraries.oneOf(
                Arbitraries.of(new CoordinatorQuery(true), new CoordinatorQuery(false), new JoinRequest(),
                        new LeaveRequest(), new Heartbeat(), new VerifyRequest(), new VerifyResponse()),
                views.injectNull(0.3).map(CoordinatorAnswer::new),
                views.injectNull(0.3).map(MergeResponse::new),
                views.map(JoinResponse::new),
                views.map(ViewAnnouncement::new),
                members().injectNull(0.3).map(JoinRejection::new),
                ids.map(ViewAck::new),
                ids.map(MergeRequest::new));
    }

    @Provide
    Arbitrary<Integer> types() {
        return Arbitraries.integers().between(0, 0x2F);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0.0, 0.999).ofScale(3);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(256);
        // Valid bodies with a few bytes changed get past the first fields and exercise the rest.
        Arbitrary<byte[]> mutated = messages().filter(m -> MembershipCodec.encodedSize(m) > 0).flatMap(m -> {
            ByteBuf buf = Unpooled.buffer();
            MembershipCodec.encode(m, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            return Combinators.combine(Arbitraries.integers().between(0, bytes.length - 1), Arbitraries.bytes())
                    .as((position, value) -> {
                        byte[] copy = bytes.clone();
                        copy[position] = value;
                        return copy;
                    });
        });
        return Arbitraries.oneOf(random, mutated);
    }

    private static Arbitrary<UuidAddress> members() {
        return WireArbitraries.uuidAddresses().filter(a -> a.kind() != UuidAddress.Kind.SITE_MASTER);
    }

    private static Arbitrary<ViewId> viewIds() {
        return Combinators.combine(members(), Arbitraries.longs().between(1, ViewId.MAX_RECEIVED_SEQUENCE)).as(ViewId::new);
    }

    private static Arbitrary<View> views() {
        return Combinators.combine(viewIds(), members().list().uniqueElements().ofMinSize(1).ofMaxSize(6))
                .as((id, members) -> new View(id, List.copyOf(members)));
    }
}
