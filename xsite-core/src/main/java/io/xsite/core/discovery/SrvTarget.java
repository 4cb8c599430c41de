package io.xsite.core.discovery;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;

/**
 * The target host and port of one SRV record (RFC 2782). Priority and weight are read past: discovery
 * wants every member, not the best server.
 *
 * <pre>
 * RDATA: priority u16 | weight u16 | port u16 | target (domain name, possibly compressed)
 *        offset 0       2            4          6
 * </pre>
 *
 * @param host the target's name, with the trailing dot
 * @param port the port the target listens on
 */
record SrvTarget(String host, int port) {
    /** Offset of the port in the RDATA. */
    private static final int PORT_OFFSET = 4;
    /** Offset of the target name in the RDATA. */
    private static final int TARGET_OFFSET = 6;
    /** The root name: a target of "." means the service is decidedly not available (RFC 2782). */
    private static final String ROOT = ".";

    /**
     * Decodes the RDATA of {@code record}; borrows it (the caller still releases the record). The content
     * must be as Netty's decoder leaves it: the whole message with the reader index at the RDATA, so that a
     * compressed name's pointers into the message resolve.
     *
     * @return the target, or null when the record says "no service here" (target "." or port 0)
     * @throws CorruptedFrameException when the RDATA is too short or the name does not decode
     */
    static SrvTarget decode(DnsRawRecord record) {
        ByteBuf rdata = record.content();
        if (rdata.readableBytes() < TARGET_OFFSET + 1) {
            throw new CorruptedFrameException("SRV record of " + record.name() + " has " + rdata.readableBytes()
                    + " bytes of RDATA, fewer than the " + (TARGET_OFFSET + 1) + " needed");
        }
        int port = rdata.getUnsignedShort(rdata.readerIndex() + PORT_OFFSET);
        String host = DefaultDnsRecordDecoder.decodeName(rdata.duplicate().skipBytes(TARGET_OFFSET));
        return host.equals(ROOT) || port == 0 ? null : new SrvTarget(host, port);
    }
}
