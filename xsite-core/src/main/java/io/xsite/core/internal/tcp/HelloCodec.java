package io.xsite.core.internal.tcp;

import static io.xsite.wire.codec.WireStrings.requireReadable;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.address.IpAddress;
import io.xsite.core.frame.FrameEnvelope;
import io.xsite.wire.codec.MalformedFrameException;
import java.net.InetSocketAddress;

/**
 * The HELLO frame of the tcp transport's handshake: an ordinary frame envelope of type {@link #TYPE}
 * (a type no frame family uses), then the role and the listen address.
 *
 * <pre>
 * +-----------------------------------------+---------+--------------------------+
 * | FrameEnvelope(version, type 0x00,       | role    | listen (AddressCodec,    |
 * |   cluster, sender = member)             | 1 byte  |   an IpAddress)          |
 * +-----------------------------------------+---------+--------------------------+
 * role: 0 DIAL, 1 PROBE, 2 ACCEPT, 3 CLOSE ({@link Hello.Role#code()})
 * </pre>
 *
 * Nothing may follow the listen address.
 */
final class HelloCodec {
    /** The frame type of HELLO; membership (0x01-0x1F) and delivery (0x20-0x3F) never use it. */
    static final int TYPE = 0x00;

    private HelloCodec() {
    }

    /** Writes {@code hello} to {@code out}; borrows {@code out}. */
    static void encode(Hello hello, ByteBuf out) {
        new FrameEnvelope(TYPE, hello.cluster(), hello.member()).encode(out);
        out.writeByte(hello.role().code());
        AddressCodec.encode(IpAddress.of(hello.listen()), out);
    }

    /** Bytes {@link #encode} writes for {@code hello}. */
    static int encodedSize(Hello hello) {
        return new FrameEnvelope(TYPE, hello.cluster(), hello.member()).encodedSize() + 1
                + AddressCodec.encodedSize(IpAddress.of(hello.listen()));
    }

    /**
     * Reads a whole HELLO frame; borrows {@code in}.
     *
     * @throws MalformedFrameException if it is not a well-formed HELLO (another type, bad role, no IP
     *                                 listen address, bytes left over)
     */
    static Hello decode(ByteBuf in) {
        FrameEnvelope envelope = FrameEnvelope.decode(in);
        if (envelope.type() != TYPE) {
            throw new MalformedFrameException("first frame type (expected HELLO)", envelope.type());
        }
        requireReadable(in, 1, "hello role");
        Hello.Role role = Hello.Role.CODES.decode(in.readUnsignedByte());
        Address listen = AddressCodec.decode(in);
        if (!(listen instanceof IpAddress ip) || ip.ip() == null) {
            throw new MalformedFrameException("hello listen address is not an IP address: " + listen);
        }
        if (in.isReadable()) {
            throw new MalformedFrameException("bytes after hello", in.readableBytes());
        }
        return new Hello(envelope.cluster(), envelope.sender(), new InetSocketAddress(ip.ip(), ip.port()),
                role);
    }
}
