package io.xsite.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import org.junit.jupiter.api.Test;

/** SRV RDATA decoding, on records laid out as Netty's decoder hands them over: a window into the message. */
class SrvTargetTest {
    /** "nyc1.test." in wire form, placed at offset 0 of the message so that RDATA can point at it. */
    private static final byte[] NYC1_TEST = {4, 'n', 'y', 'c', '1', 4, 't', 'e', 's', 't', 0};

    @Test
    void aTargetWrittenOutInFullIsDecodedWithItsPort() {
        ByteBuf message = Unpooled.buffer().writeBytes(new byte[] {9, 9, 9});
        int rdata = message.writerIndex();
        message.writeShort(10).writeShort(60).writeShort(7800).writeBytes(NYC1_TEST);

        assertThat(decode(message, rdata)).isEqualTo(new SrvTarget("nyc1.test.", 7800));
    }

    @Test
    void aCompressedTargetIsFollowedBackIntoTheMessage() {
        ByteBuf message = Unpooled.buffer().writeBytes(NYC1_TEST);
        int rdata = message.writerIndex();
        message.writeShort(0).writeShort(0).writeShort(7801).writeByte(0xC0).writeByte(0);

        assertThat(decode(message, rdata)).isEqualTo(new SrvTarget("nyc1.test.", 7801));
    }

    @Test
    void theRootTargetOrPortZeroMeansNoServiceThere() {
        ByteBuf root = Unpooled.buffer().writeShort(0).writeShort(0).writeShort(7800).writeByte(0);
        ByteBuf portZero = Unpooled.buffer().writeShort(0).writeShort(0).writeShort(0).writeBytes(NYC1_TEST);

        assertThat(decode(root, 0)).isNull();
        assertThat(decode(portZero, 0)).isNull();
    }

    @Test
    void rdataTooShortForAPortAndANameIsCorrupt() {
        ByteBuf shortRdata = Unpooled.buffer().writeShort(0).writeShort(0).writeShort(7800);

        assertThatThrownBy(() -> decode(shortRdata, 0)).isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("6 bytes of RDATA");
    }

    @Test
    void aPointerOutsideTheMessageIsCorrupt() {
        ByteBuf message = Unpooled.buffer().writeShort(0).writeShort(0).writeShort(7800).writeByte(0xC0).writeByte(99);

        assertThatThrownBy(() -> decode(message, 0)).isInstanceOf(CorruptedFrameException.class);
    }

    /** Decodes the RDATA from {@code rdata} to the end of {@code message}; releases the message. */
    private static SrvTarget decode(ByteBuf message, int rdata) {
        DnsRawRecord record = new DefaultDnsRawRecord("_xsite._tcp.nyc.test.", DnsRecordType.SRV, 60,
                message.setIndex(rdata, message.writerIndex()));
        try {
            return SrvTarget.decode(record);
        } finally {
            record.release();
            assertThat(message.refCnt()).isZero();
        }
    }
}
