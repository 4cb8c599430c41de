package io.xsite.wire.gossip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.function.BiConsumer;

/** Byte vectors in the spec's hex notation ("05 00 01 ..."). */
public final class Hex {
    private Hex() {
    }

    /** The bytes of a spaced hex string. */
    public static byte[] bytes(String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replace(" ", ""));
    }

    /** What {@code encoder} writes for {@code value}, as spaced lower-case hex. */
    public static <T> String encode(T value, BiConsumer<T, ByteBuf> encoder) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.accept(value, buf);
            return ByteBufUtil.hexDump(buf).replaceAll("(..)(?!$)", "$1 ");
        } finally {
            buf.release();
        }
    }
}
