package io.xsite.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.core.frame.FrameEnvelope;
import io.xsite.core.internal.delivery.DeliveryMessage.Data;
import io.xsite.core.internal.delivery.SimulatedNetwork.Frame;
import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.delivery.Message;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Scenarios of two or three members on a simulated network, driven by a fake clock. */
class ReliableDeliveryTest {
    private final DeliveryCodec codec = new DeliveryCodec();
    private final DeliveryConfig config = DeliveryConfig.fast();

    private static List<Long> upTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void messagesArriveInOrderOnce() {
        SimulatedNetwork net = new SimulatedNetwork(1, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));

        for (long n = 1; n <= 5; n++) {
            assertThat(a.send(b, n)).isTrue();
        }
        net.run(20);

        assertThat(b.numbersFrom(a)).containsExactlyElementsOf(upTo(5));
        assertThat(a.delivery().retransmissions()).isZero();
    }

    @Test
    void lostFramesAreRetransmittedAfterTheTimeout() {
        SimulatedNetwork net = new SimulatedNetwork(2, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));

        net.cut(a, b);
        a.send(b, 1);
        a.send(b, 2);
        net.step();
        net.healLinks();
        a.send(b, 3);
        net.run(40);

        assertThat(b.numbersFrom(a)).containsExactly(1L, 2L, 3L);
        assertThat(a.delivery().retransmissions()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void parcelsTheTransportRefusedGoOutWhenItHasRoomAgainWithoutRetransmittingTheRest() {
        SimulatedNetwork net = new SimulatedNetwork(21, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));
        a.send(b, 1);

        net.refuseFrom(a, true);
        assertThat(a.send(b, 2)).as("the window takes it although the transport does not").isTrue();
        assertThat(a.send(b, 3)).isTrue();
        net.refuseFrom(a, false);
        a.delivery().onWritable(b.address());
        net.run(3);

        assertThat(b.numbersFrom(a)).containsExactly(1L, 2L, 3L);
        long dataFrames = net.history().stream().filter(f -> f.from().equals(a.address())).count();
        assertThat(dataFrames).as("1, then 2 and 3 once each when the transport took frames again").isEqualTo(3);
    }

    @Test
    void anAcknowledgementTheTransportRefusedIsSentAtTheNextTick() {
        SimulatedNetwork net = new SimulatedNetwork(22, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));

        net.refuseFrom(b, true);
        a.send(b, 1);
        net.run(2);
        assertThat(b.numbersFrom(a)).containsExactly(1L);
        assertThat(net.history()).noneMatch(f -> f.from().equals(b.address()));

        net.refuseFrom(b, false);
        net.step();
        assertThat(net.history()).anyMatch(f -> f.from().equals(b.address()));
    }

    @Test
    void duplicatedFramesAreDeliveredOnce() {
        SimulatedNetwork net = new SimulatedNetwork(3, config).faults(0, 1.0, 0.3, true);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));

        for (long n = 1; n <= 6; n++) {
            a.send(b, n);
            net.step();
        }
        net.run(30);

        assertThat(b.numbersFrom(a)).containsExactlyElementsOf(upTo(6));
    }

    @Test
    void reorderedAndLossyFramesStillArriveInSenderOrder() {
        SimulatedNetwork net = new SimulatedNetwork(4, config).faults(0.3, 0.1, 0.5, true);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        SimulatedMember c = net.add("c");
        net.installView(List.of(a, b, c));

        long sentToC = 0;
        for (long n = 1; n <= 200; n++) {
            while (!a.send(b, n)) {
                net.step();
            }
            if (c.send(b, 1000 + n)) {
                sentToC++;
            }
            net.step();
        }
        net.run(400);

        assertThat(b.numbersFrom(a)).containsExactlyElementsOf(upTo(200));
        assertThat(b.numbersFrom(c)).hasSize((int) sentToC).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aFullWindowRefusesSendsUntilAcksOpenIt() {
        SimulatedNetwork net = new SimulatedNetwork(5, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));
        net.cut(a, b);

        for (long n = 1; n <= config.windowMessages(); n++) {
            assertThat(a.send(b, n)).as("send %d within the window", n).isTrue();
        }
        assertThat(a.send(b, 99)).as("send beyond the window").isFalse();
        assertThat(a.windowsOpened()).isEmpty();

        net.healLinks();
        net.run(40);

        assertThat(a.windowsOpened()).containsExactly(b.address());
        assertThat(a.send(b, 100)).isTrue();
        net.run(10);
        assertThat(b.numbersFrom(a)).endsWith(100L).hasSize(config.windowMessages() + 1);
    }

    @Test
    void aReceiverStartsOverWhenTheSenderLostItsStateAndDropsStaleFrames() {
        SimulatedNetwork net = new SimulatedNetwork(6, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));
        a.send(b, 1);
        a.send(b, 2);
        net.run(10);
        Frame staleFirst = net.history().get(0);

        a.restartWithoutState(77, List.of(a.address(), b.address()));
        a.send(b, 3);
        a.send(b, 4);
        net.run(10);
        net.replay(staleFirst);
        net.run(10);

        assertThat(b.numbersFrom(a)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aReceiverWithoutStateStartsWhereTheSenderStillHoldsParcels() {
        SimulatedNetwork net = new SimulatedNetwork(7, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));
        a.send(b, 1);
        a.send(b, 2);
        net.run(10);

        // b restarts with its address: it knows nothing of a's stream, which goes on at seq 3.
        b.restartWithoutState(78, List.of(a.address(), b.address()));
        a.send(b, 3);
        net.run(10);

        assertThat(b.numbersFrom(a)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aViewWithoutThePeerDropsItsStreamAndReportsUnacknowledgedParcels() {
        SimulatedNetwork net = new SimulatedNetwork(8, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));
        a.send(b, 1);
        net.run(10);
        net.cut(a, b);
        a.send(b, 2);
        a.send(b, 3);

        net.installView(List.of(a));
        net.installView(List.of(b));

        assertThat(a.droppedTo(b)).extracting(p -> SimulatedMember.number(p.message())).containsExactly(2L, 3L);
        assertThat(a.send(b, 4)).as("send to a member outside the view").isFalse();

        net.healLinks();
        net.installView(List.of(a, b));
        assertThat(a.send(b, 5)).isTrue();
        net.run(20);

        assertThat(b.numbersFrom(a)).containsExactly(1L, 5L);
    }

    @Test
    void staleFramesOfAnEarlierStreamAreDroppedAfterTheSenderReturns() {
        SimulatedNetwork net = new SimulatedNetwork(9, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));
        a.send(b, 1);
        net.run(10);
        net.installView(List.of(a));
        net.installView(List.of(b));
        net.installView(List.of(a, b));
        a.send(b, 2);
        net.run(10);

        Frame firstOfOldStream = net.history().get(0);
        net.replay(firstOfOldStream);
        net.run(10);

        assertThat(b.numbersFrom(a)).containsExactly(1L, 2L);
    }

    @Test
    void aReconnectedPeerGetsUnacknowledgedParcelsAtOnce() {
        SimulatedNetwork net = new SimulatedNetwork(10, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));
        net.cut(a, b);
        a.send(b, 1);
        a.send(b, 2);
        net.step();
        net.healLinks();
        int sentBefore = net.history().size();

        a.delivery().onPeerConnected(b.address());

        assertThat(net.history().subList(sentBefore, net.history().size())).hasSize(2);
        assertThat(a.delivery().retransmissions()).isEqualTo(2);
        net.step();
        assertThat(b.numbersFrom(a)).containsExactly(1L, 2L);
    }

    @Test
    void framesFromMembersOutsideTheViewAreDropped() {
        SimulatedNetwork net = new SimulatedNetwork(11, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        a.delivery().onViewChange(List.of(a.address(), b.address()));
        b.delivery().onViewChange(List.of(b.address()));

        a.send(b, 1);
        net.run(5);
        assertThat(b.numbersFrom(a)).isEmpty();

        b.delivery().onViewChange(List.of(a.address(), b.address()));
        net.run(30);
        assertThat(b.numbersFrom(a)).as("delivered after the retransmission that follows b's view").containsExactly(1L);
    }

    @Test
    void acknowledgementsAreBatchedUntilTheAckDelayOrHalfAWindow() {
        DeliveryConfig slowAcks = new DeliveryConfig(8, 16 * 1024, Duration.ofMillis(100), Duration.ofMillis(400),
                Duration.ofMillis(20), 4 * 1024, 8, 64, Integer.MAX_VALUE);
        SimulatedNetwork net = new SimulatedNetwork(12, slowAcks);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));
        int start = net.history().size();

        a.send(b, 1);
        net.step();
        a.send(b, 2);
        net.run(2);
        assertThat(framesFrom(net, b, start)).as("no ack before the ack delay").isEmpty();
        net.run(2);
        long epoch = ((Data) decode(net.history().get(0))).epoch();
        assertThat(framesFrom(net, b, start)).as("one ack for both").containsExactly(new DeliveryMessage.Ack(epoch, 2));

        int afterFirstAck = net.history().size();
        for (long n = 3; n <= 6; n++) {
            a.send(b, n);
        }
        net.step();
        assertThat(framesFrom(net, b, afterFirstAck)).as("half a window arrived: ack at once")
                .containsExactly(new DeliveryMessage.Ack(epoch, 6));
    }

    @Test
    void invalidSendsAreRejected() {
        SimulatedNetwork net = new SimulatedNetwork(13, config);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));

        assertThatThrownBy(() -> a.send(a, 1)).isInstanceOf(IllegalArgumentException.class);
        byte[] tooLarge = new byte[config.maxMessageBytes() + 1];
        assertThatThrownBy(() -> a.delivery().send(b.address(), Parcel.oneWay(Message.of(a.address(), b.address(),
                tooLarge)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.delivery().send(b.address(), Parcel.oneWay(Message.of(b.address(), b.address(),
                new byte[1])))).isInstanceOf(IllegalArgumentException.class);
    }

    private List<DeliveryMessage> framesFrom(SimulatedNetwork net, SimulatedMember sender, int skip) {
        return net.history().subList(skip, net.history().size()).stream()
                .filter(frame -> frame.from().equals(sender.address())).map(this::decode).toList();
    }

    private DeliveryMessage decode(Frame frame) {
        ByteBuf buf = Unpooled.wrappedBuffer(frame.bytes());
        try {
            FrameEnvelope envelope = FrameEnvelope.decode(buf);
            return codec.decode(envelope.type(), buf, envelope.sender(), frame.to());
        } finally {
            buf.release();
        }
    }
}
