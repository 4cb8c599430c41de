package io.xsite.relay.internal.sealing;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.WireStrings;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.RelayCodec;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The wire form of a sealed payload (AES-256-GCM), and the routing headers its tag authenticates with it.
 *
 * <pre>
 * sealed = version(1) = 0x81 | keyId(16) | counter(8) | ciphertext | tag(16)
 * nonce  = 0(4) | counter(8)                   never repeats under one key: the counter counts up
 * aad    = version(1) | origin(address) | target | epoch(8) | seq(8)
 * target = 1 | member(address)   or   2 | site(string)
 * </pre>
 * The ciphertext is the payload's own wire form ({@link RelayCodec}'s {@code payload}). The associated
 * data binds the payload to its origin, destination and place in the origin's stream, so that a router
 * cannot move it to another stream, position or destination; the sites visited are not in it (they change
 * on the way). Addresses as {@link AddressCodec} writes them, strings as {@link WireStrings}.
 */
final class SealedPayloadFormat {
    /** The first byte of a sealed payload; never a payload kind, so a payload in clear is told apart. */
    static final int VERSION = RelayCodec.SEALED_PAYLOAD;
    static final int KEY_ID_BYTES = 16;
    static final int KEY_ID_AT = 1;
    static final int COUNTER_AT = KEY_ID_AT + KEY_ID_BYTES;
    static final int CIPHERTEXT_AT = COUNTER_AT + Long.BYTES;
    static final int TAG_BYTES = 16;
    /** Bytes a seal adds to a payload. */
    static final int OVERHEAD = CIPHERTEXT_AT + TAG_BYTES;
    private static final int NONCE_BYTES = 12;
    /**
     * The epoch in the associated data of a batch sealed as one, whose {@code seq} there is the batch's count:
     * no element has epoch 0, so the seal of a batch never opens as an element's, nor the other way round.
     */
    static final long BATCH_EPOCH = 0;
    private static final int TARGET_MEMBER = 1;
    private static final int TARGET_SITE = 2;

    private SealedPayloadFormat() {
    }

    /** The GCM parameters of the payload sealed with {@code counter}. */
    static GCMParameterSpec nonce(long counter) {
        byte[] nonce = new byte[NONCE_BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            nonce[NONCE_BYTES - 1 - i] = (byte) (counter >>> (8 * i));
        }
        return new GCMParameterSpec(TAG_BYTES * 8, nonce);
    }

    /** Writes the associated data of a payload at {@code seq} of the stream {@code origin}/{@code to}/{@code epoch}. */
    static void writeAssociatedData(UuidAddress origin, Destination to, long epoch, long seq, ByteBuf out) {
        out.writeByte(VERSION);
        AddressCodec.encode(origin, out);
        if (to instanceof Destination.Member member) {
            out.writeByte(TARGET_MEMBER);
            AddressCodec.encode(member.member(), out);
        } else {
            out.writeByte(TARGET_SITE);
            WireStrings.write(((Destination.Site) to).site(), out);
        }
        out.writeLong(epoch).writeLong(seq);
    }

    /** The 64-bit big-endian number at {@code at}. */
    static long readLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return value;
    }

    /** Writes {@code value} big-endian at {@code at}. */
    static void writeLong(long value, byte[] bytes, int at) {
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[at + Long.BYTES - 1 - i] = (byte) (value >>> (8 * i));
        }
    }
}
