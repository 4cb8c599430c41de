package io.xsite.core.internal.delivery;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.delivery.Message;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** One member of a {@link SimulatedNetwork}: a {@link ReliableDelivery} and a record of what it emitted. */
final class SimulatedMember implements DeliveryOutput {
    private final SimulatedNetwork network;
    private final UuidAddress address;
    private final DeliveryConfig config;
    private final Map<UuidAddress, List<Parcel>> received = new LinkedHashMap<>();
    private final Map<UuidAddress, List<Parcel>> dropped = new LinkedHashMap<>();
    private final List<UuidAddress> windowsOpened = new ArrayList<>();
    private ReliableDelivery delivery;

    SimulatedMember(SimulatedNetwork network, UuidAddress address, DeliveryConfig config, long randomSeed) {
        this.network = network;
        this.address = address;
        this.config = config;
        this.delivery = new ReliableDelivery(config, address, this, network.clock(), new SplittableRandom(randomSeed));
    }

    UuidAddress address() {
        return address;
    }

    ReliableDelivery delivery() {
        return delivery;
    }

    /** Sends {@code number} as an 8-byte payload to {@code to}; false when the delivery refused it. */
    boolean send(SimulatedMember to, long number) {
        return delivery.send(to.address, Parcel.oneWay(Message.of(address, to.address, numberPayload(number))));
    }

    /**
     * As {@link #send(SimulatedMember, long)}, with the payload in {@code buffer} (a site master passing on what
     * it received): the delivery takes it when it returns true; else the caller still owns it.
     */
    boolean sendInBuffer(SimulatedMember to, ByteBuf buffer) {
        return delivery.send(to.address, Parcel.oneWay(Message.inBuffer(address, to.address, Map.of(), buffer)));
    }

    /** Loses all delivery state, as a restarted process keeping its address would. */
    void restartWithoutState(long randomSeed, List<UuidAddress> view) {
        delivery = new ReliableDelivery(config, address, this, network.clock(), new SplittableRandom(randomSeed));
        delivery.onViewChange(view);
    }

    /** The numbers delivered from {@code sender}, in delivery order. */
    List<Long> numbersFrom(SimulatedMember sender) {
        return numbersFrom(sender.address);
    }

    List<Long> numbersFrom(UuidAddress sender) {
        return received.getOrDefault(sender, List.of()).stream().map(p -> number(p.message())).toList();
    }

    List<Parcel> droppedTo(SimulatedMember peer) {
        return dropped.getOrDefault(peer.address, List.of());
    }

    List<UuidAddress> windowsOpened() {
        return windowsOpened;
    }

    @Override
    public boolean send(UuidAddress to, DeliveryMessage message) {
        return network.transmit(address, to, message);
    }

    @Override
    public void deliver(UuidAddress from, Parcel parcel) {
        // Read, then closed, as a member's listeners do: the record outlives a payload kept in a buffer.
        parcel.message().payload();
        parcel.message().close();
        received.computeIfAbsent(from, k -> new ArrayList<>()).add(parcel);
    }

    @Override
    public void windowOpened(UuidAddress to) {
        windowsOpened.add(to);
    }

    @Override
    public void dropped(UuidAddress to, List<Parcel> unacknowledged) {
        dropped.computeIfAbsent(to, k -> new ArrayList<>()).addAll(unacknowledged);
    }

    static byte[] numberPayload(long number) {
        return ByteBuffer.allocate(Long.BYTES).putLong(number).array();
    }

    static long number(Message message) {
        return ByteBuffer.wrap(message.payload()).getLong();
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
