package io.xsite.wire.address;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.codec.ByteRegions;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link AddressCodec} for codecs that write and read the same few member addresses over and over (the
 * origin and destination of every relayed message): each address is encoded once and its bytes are
 * copied, and an address read again is recognised by comparing its bytes with the remembered ones
 * instead of decoding its name and site strings. The wire form is exactly {@link AddressCodec}'s.
 *
 * <p>Not thread-safe: each codec owns one, used on its owner's thread (no cache is shared by the members
 * of a JVM). Bounded: past {@link #MAX_ENTRIES} addresses the memory starts over (churn, not a
 * working set). Bytes that differ from the remembered ones (another address with the same UUID, such as
 * two sites' site-master addresses) are decoded in full, so a stale entry is never returned.
 */
public final class AddressCache {
    /** Addresses remembered at most, in each direction. */
    public static final int MAX_ENTRIES = 4096;
    /** Offset of the UUID's least significant half in an encoded site address, after the flag byte. */
    private static final int LSB_OFFSET = 1;
    /** Offset of the UUID's most significant half (AddressCodec writes the least significant half first). */
    private static final int MSB_OFFSET = LSB_OFFSET + Long.BYTES;
    /** Bytes from the start of an encoded site address to the end of its UUID: the flag and the two longs. */
    private static final int KEY_BYTES = MSB_OFFSET + Long.BYTES;

    private final Map<UuidAddress, byte[]> encoded = new HashMap<>();
    private final Map<Key, Decoded> decoded = new HashMap<>();

    /** Writes {@code address} (nullable) as {@link AddressCodec#encode} would; borrows {@code out}. */
    public void write(Address address, ByteBuf out) {
        if (!(address instanceof UuidAddress member)) {
            AddressCodec.encode(address, out);
            return;
        }
        byte[] bytes = encoded.get(member);
        if (bytes == null) {
            bytes = encode(member);
            if (encoded.size() >= MAX_ENTRIES) {
                encoded.clear();
            }
            encoded.put(member, bytes);
        }
        out.writeBytes(bytes);
    }

    /**
     * Reads one address as {@link AddressCodec#decode} would; borrows {@code in}.
     *
     * @throws io.xsite.wire.codec.MalformedFrameException as {@link AddressCodec#decode} does
     */
    public Address read(ByteBuf in) {
        int start = in.readerIndex();
        int flag = in.isReadable() ? in.getUnsignedByte(start) : -1;
        boolean cacheable = (flag == AddressCodec.SITE_UUID || flag == AddressCodec.SITE_MASTER)
                && in.readableBytes() >= KEY_BYTES;
        if (!cacheable) {
            return AddressCodec.decode(in);
        }
        Key key = new Key(flag, in.getLong(start + LSB_OFFSET), in.getLong(start + MSB_OFFSET));
        Decoded known = decoded.get(key);
        if (known != null && ByteRegions.equals(in, start, known.bytes)) {
            in.skipBytes(known.bytes.length);
            return known.address;
        }
        Address address = AddressCodec.decode(in);
        byte[] bytes = new byte[in.readerIndex() - start];
        in.getBytes(start, bytes);
        if (decoded.size() >= MAX_ENTRIES) {
            decoded.clear();
        }
        decoded.put(key, new Decoded((UuidAddress) address, bytes));
        return address;
    }

    private static byte[] encode(UuidAddress member) {
        ByteBuf buf = Unpooled.buffer(AddressCodec.encodedSize(member));
        try {
            AddressCodec.encode(member, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private record Key(int flag, long lsb, long msb) {
    }

    private record Decoded(UuidAddress address, byte[] bytes) {
    }
}
