package io.xsite.relay.internal.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.AddressCache;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.codec.WireStrings;
import io.xsite.core.delivery.Message;
import io.xsite.core.membership.View;
import io.xsite.relay.internal.reliability.Body;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.Loss;
import io.xsite.relay.topology.MemberInfo;
import io.xsite.relay.topology.SiteView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of {@link Envelope}s and {@link AppPayload}s. Every count and length is checked against
 * the bytes left before anything is allocated; any violation is a {@link MalformedFrameException}.
 *
 * <pre>
 * envelope = version(1) = 1 | kind(1) | kind fields
 * route    = origin(address) | target | visited
 * target   = 1 | member(address)        or   2 | site(string)
 * visited  = count(1) | site(string)*
 * DATA     = route | element
 * element  = epoch(8) | seq(8) | lowestUnacked(8) | length(4) | body
 * BATCH    = route | count(2) | element*
 * ACK      = route | target | epoch(8) | seq(8)
 * UNDELIVERED = route | target | epoch(8) | fromSeq(8) | toSeq(8) | reason(1)   (1 <= fromSeq <= toSeq)
 * SITE_UNREACHABLE   = route | site(string) | target
 * MEMBER_UNREACHABLE = route | member(address)
 * TOPOLOGY = site(string) | version(8) | count(4) | (address | physical(string))* | count(4) | address* | visited
 * SITE_DOWN = site(string) | visited
 * HELLO    = member(address) | physical(string)
 * SITE_CERTIFICATE = site(string) | count(1) | (length(2) | der)* | visited
 * SEALED_BATCH = route | count(2) | length(4) | sealed (element*, sealed as one)
 * payload  = kind(1) | requestId(8) | error(string, nullable) | length(4) | bytes
 * </pre>
 * A DATA body is a payload, or a payload sealed end to end, which starts with {@link #SEALED_PAYLOAD}
 * (see {@code io.xsite.relay.internal.sealing}); a certificate chain holds at most {@link #MAX_CHAIN_CERTIFICATES}
 * certificates of {@link #MAX_CHAIN_BYTES} together.
 * Strings are {@link WireStrings}, addresses {@link AddressCodec} (through an {@link AddressCache}: the
 * same few members' addresses are in almost every envelope).
 *
 * <p>One codec per relay node, confined to its relay thread, like everything the node's engine owns: its
 * memory of addresses and site names in wire form, and its scratch buffer for an envelope's fields, are
 * plain fields, shared with no other node of the JVM (a test process runs many). Both memories are
 * bounded ({@link AddressCache#MAX_ENTRIES} addresses each way, 1,024 site names): past the
 * bound one starts over. Functions that remember nothing (payloads, elements, sizes) are static.
 */
public final class RelayCodec {
    /** The local message header that marks a relay frame; its value is the envelope kind. */
    public static final String MARKER = "xsite-relay";
    /** The format version this codec writes and reads. */
    public static final int VERSION = 1;
    /** The first byte of a sealed payload: no payload kind, so a payload in clear is told apart from a sealed one. */
    public static final int SEALED_PAYLOAD = 0x81;
    /** Most certificates in a SITE_CERTIFICATE envelope's chain. */
    public static final int MAX_CHAIN_CERTIFICATES = 4;
    /** Most DER bytes of a SITE_CERTIFICATE envelope's chain, all certificates together. */
    public static final int MAX_CHAIN_BYTES = 8 * 1024;
    /** Site names remembered in wire form at most; beyond it the memory starts over. */
    private static final int MAX_SITE_NAMES = 1024;
    /** Bytes of an element's fields besides its body: epoch, seq, lowest unacknowledged, body length. */
    private static final int ELEMENT_FIELDS = 8 + 8 + 8 + 4;
    /** Room for the fields of an envelope besides its body: a route with two full addresses and a few sites. */
    private static final int FIELDS_HEADROOM = 512;
    /**
     * Bodies from this size on are shared by {@link #encodeSharing}, smaller ones copied: below it a component
     * of their own costs more than the copy it saves.
     */
    private static final int SHARED_BODY_BYTES = 1024;

    private final AddressCache addresses = new AddressCache();
    /** {@link WireStrings} form of site names, encoded once: the same few site names are in every route. */
    private final Map<String, byte[]> siteNames = new HashMap<>();
    private final Scratch scratch = new Scratch();

    /** A codec with nothing remembered yet, for one relay node: used on its relay thread only. */
    public RelayCodec() {
    }

    /**
     * The envelope's bytes, in an array of their exact size. The fields go through this codec's scratch
     * buffer and the bodies straight into the array, so that each payload is copied once here.
     */
    public byte[] encode(Envelope envelope) {
        ByteBuf fields = newBuffer();
        try {
            writeFields(envelope, fields);
            if (envelope instanceof Envelope.Data d) {
                ByteBuf out = exactly(fields, elementSize(d));
                writeElement(d, out);
                return out.array();
            }
            if (envelope instanceof Envelope.Batch b) {
                ByteBuf out = exactly(fields, elementBytes(b.parts()));
                writeElements(b.parts(), out);
                return out.array();
            }
            if (envelope instanceof Envelope.SealedBatch b) {
                ByteBuf out = exactly(fields, 4 + b.sealed().length());
                writeBody(b.sealed(), out);
                return out.array();
            }
            return copyOut(fields);
        } finally {
            giveBack(fields);
        }
    }

    /**
     * {@code envelope}'s wire form, the bytes {@link #encode} gives, as a buffer that shares the application
     * bytes of its larger bodies instead of copying them: the fields (and small bodies) go into arrays of their
     * own, each large body is a component of the buffer. The member that sends it copies it once, into the
     * outgoing frame; encoding into one array first copied every payload once more, which cost a sixth of a
     * 16 KB message's CPU at its origin. Heap arrays only: the buffer needs no release.
     */
    public ByteBuf encodeSharing(Envelope.Streamed envelope) {
        List<Envelope.Data> parts = envelope.parts();
        CompositeByteBuf out = Unpooled.compositeBuffer(2 * parts.size() + 1);
        ByteBuf fields = newBuffer();
        try {
            writeFields(envelope, fields);
            for (Envelope.Data part : parts) {
                Body body = part.body();
                if (body.length() < SHARED_BODY_BYTES) {
                    writeElement(part, fields);
                    continue;
                }
                writeElementHead(part, body.length(), fields);
                ByteBuf bytes;
                if (body instanceof AppPayload payload) {
                    writePayloadHeader(payload, fields);
                    bytes = Unpooled.wrappedBuffer(payload.bytes());
                } else {
                    EncodedBody encoded = (EncodedBody) body;
                    bytes = Unpooled.wrappedBuffer(encoded.array(), encoded.offset(), encoded.length());
                }
                out.addComponent(true, Unpooled.wrappedBuffer(copyOut(fields)));
                fields.clear();
                out.addComponent(true, bytes);
            }
            if (fields.isReadable()) {
                out.addComponent(true, Unpooled.wrappedBuffer(copyOut(fields)));
            }
            return out;
        } finally {
            giveBack(fields);
        }
    }

    /**
     * {@code data}'s envelope with a body of {@code bodyBytes} still to be written: the DATA envelope on a body
     * that is the range of its own encoded bytes where the body goes (the end of the array, which is
     * {@code body.array()}). A sealer encrypts into that range, so the sealed body is never copied into an
     * envelope. The body of {@code data} itself is ignored.
     */
    public Envelope.Data dataInPlace(Envelope.Data data, int bodyBytes) {
        ByteBuf fields = newBuffer();
        try {
            writeFields(data, fields);
            writeElementHead(data, bodyBytes, fields);
            return new Envelope.Data(data.route(), data.epoch(), data.seq(), data.lowestUnacked(),
                    bodyInPlace(fields, bodyBytes));
        } finally {
            giveBack(fields);
        }
    }

    /** As {@link #dataInPlace}, a SEALED_BATCH of {@code count} elements on {@code route}. */
    public Envelope.SealedBatch sealedBatchInPlace(Route route, int count, int sealedBytes) {
        ByteBuf fields = newBuffer();
        try {
            fields.writeByte(VERSION).writeByte(Envelope.Kind.SEALED_BATCH.code);
            writeRoute(route, fields);
            fields.writeShort(count).writeInt(sealedBytes);
            return new Envelope.SealedBatch(route, count, bodyInPlace(fields, sealedBytes));
        } finally {
            giveBack(fields);
        }
    }

    /** {@code fields} in an array of exact size with {@code bodyBytes} more, and the range of those. */
    private static EncodedBody bodyInPlace(ByteBuf fields, int bodyBytes) {
        ByteBuf out = exactly(fields, bodyBytes);
        return new EncodedBody(out.array(), out.writerIndex(), bodyBytes);
    }

    /**
     * Writes the version, the kind and every field of {@code envelope} but its elements and bodies (a batch's
     * count included): all of a message, the route and count of one carrying elements.
     */
    private void writeFields(Envelope envelope, ByteBuf out) {
        out.writeByte(VERSION);
        out.writeByte(envelope.kind().code);
        if (envelope instanceof Envelope.Data d) {
            writeRoute(d.route(), out);
        } else if (envelope instanceof Envelope.Batch b) {
            writeRoute(b.route(), out);
            out.writeShort(b.parts().size());
        } else if (envelope instanceof Envelope.Ack a) {
            writeRoute(a.route(), out);
            writeTarget(a.stream(), out);
            out.writeLong(a.epoch()).writeLong(a.seq());
        } else if (envelope instanceof Envelope.Undelivered u) {
            writeRoute(u.route(), out);
            writeTarget(u.stream(), out);
            out.writeLong(u.epoch()).writeLong(u.fromSeq()).writeLong(u.toSeq()).writeByte(u.reason().code);
        } else if (envelope instanceof Envelope.SiteUnreachable u) {
            writeRoute(u.route(), out);
            WireStrings.write(u.site(), out);
            writeTarget(u.failed(), out);
        } else if (envelope instanceof Envelope.MemberUnreachable u) {
            writeRoute(u.route(), out);
            addresses.write(u.member(), out);
        } else if (envelope instanceof Envelope.Topology t) {
            writeView(t.view(), out);
            writeSites(t.visited(), out);
        } else if (envelope instanceof Envelope.SiteDown down) {
            WireStrings.write(down.site(), out);
            writeSites(down.visited(), out);
        } else if (envelope instanceof Envelope.Hello h) {
            addresses.write(h.member(), out);
            WireStrings.write(h.physical(), out);
        } else if (envelope instanceof Envelope.SiteCertificate c) {
            writeCertificate(c, out);
        } else if (envelope instanceof Envelope.SealedBatch b) {
            writeRoute(b.route(), out);
            out.writeShort(b.count());
        }
    }

    /**
     * The routed envelope {@code encoded} (its readable bytes; borrowed) after {@code site}'s site master passed
     * it over a bridge: the bytes {@code encode(e.on(e.route().via(site)))} would give, made by splicing
     * {@code site} into the visited sites instead of decoding and encoding the body again, in a buffer the
     * caller owns. {@code encoded} must be a routed envelope that {@link #decode} accepted; a retained
     * duplicate of it is returned when {@code site} was visited before.
     *
     * @throws IllegalArgumentException if the route already has {@link Route#MAX_HOPS} sites
     */
    public ByteBuf via(ByteBuf encoded, String site) {
        ByteBuf in = encoded.duplicate();
        int start = in.readerIndex();
        in.skipBytes(2); // version and kind
        readSiteAddress(in, "origin");
        readTarget(in);
        int countAt = in.readerIndex() - start;
        List<String> visited = readSites(in);
        return splice(encoded, countAt, in.readerIndex() - start, visited, site);
    }

    /**
     * {@code encoded} (borrowed) with {@code site} added to its {@code visited} sites, whose count is at
     * {@code countAt} and which end at {@code rest} (both counted from its reader index), in a new buffer; a
     * retained duplicate of {@code encoded} when {@code site} is among them. The caller owns the result.
     */
    static ByteBuf splice(ByteBuf encoded, int countAt, int rest, List<String> visited, String site) {
        if (visited.contains(site)) {
            return encoded.retainedDuplicate();
        }
        if (visited.size() >= Route.MAX_HOPS) {
            throw new IllegalArgumentException("too many hops: " + visited + " and " + site);
        }
        int start = encoded.readerIndex();
        int length = encoded.readableBytes();
        ByteBuf out = Unpooled.buffer(length + WireStrings.encodedSize(site));
        out.writeBytes(encoded, start, rest);
        WireStrings.write(site, out);
        out.writeBytes(encoded, start + rest, length - rest);
        out.setByte(countAt, visited.size() + 1);
        return out;
    }

    /**
     * A DATA, BATCH or SEALED_BATCH envelope's route, read without the rest (the bodies above all), or null when
     * {@code bytes} holds another kind: what a site master needs to pass the bytes on. The rest is checked
     * where the envelope is decoded in full, at its destination. Reads the readable bytes of {@code bytes}
     * without moving its indices; the result borrows it.
     *
     * @throws MalformedFrameException if the header or the route is malformed
     */
    public DataRoute dataRoute(ByteBuf bytes) {
        ByteBuf in = bytes.duplicate();
        int start = in.readerIndex();
        int kind = readKind(in);
        Envelope.Kind carrying = kind == Envelope.Kind.DATA.code ? Envelope.Kind.DATA
                : kind == Envelope.Kind.BATCH.code ? Envelope.Kind.BATCH
                : kind == Envelope.Kind.SEALED_BATCH.code ? Envelope.Kind.SEALED_BATCH : null;
        if (carrying == null) {
            return null;
        }
        UuidAddress origin = readSiteAddress(in, "origin");
        Destination to = readTarget(in);
        int visitedAt = in.readerIndex() - start;
        List<String> visited = readSites(in);
        int visitedEnd = in.readerIndex() - start;
        int count = switch (carrying) {
            case DATA -> 1;
            case BATCH -> readBatchCount(in);
            default -> readSealedCount(in);
        };
        return new DataRoute(bytes, carrying, new Route(origin, to, visited), count, visitedAt, visitedEnd);
    }

    /** Reads the envelope header: checks the version, returns the kind's code. */
    private static int readKind(ByteBuf in) {
        WireStrings.requireReadable(in, 2, "envelope header");
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new MalformedFrameException("relay envelope version", version);
        }
        return in.readUnsignedByte();
    }

    /** Decodes {@code bytes}; the whole array must be one envelope. */
    public Envelope decode(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        int kind = readKind(in);
        Envelope envelope = switch (kind) {
            case 1 -> readElement(readRoute(in), in, ranges(bytes));
            case 2 -> new Envelope.Ack(readRoute(in), readTarget(in), readLong(in), readLong(in));
            case 3 -> new Envelope.SiteUnreachable(readRoute(in), readText(in, "site"), readTarget(in));
            case 4 -> new Envelope.MemberUnreachable(readRoute(in), readSiteAddress(in, "member"));
            case 5 -> new Envelope.Topology(readView(in), readSites(in));
            case 6 -> new Envelope.SiteDown(readText(in, "site"), readSites(in));
            case 7 -> new Envelope.Hello(readSiteAddress(in, "member"), readPhysical(in));
            case 8 -> readBatch(in, bytes);
            case 9 -> readCertificate(in);
            case 10 -> readUndelivered(in);
            case 11 -> new Envelope.SealedBatch(readRoute(in), readSealedCount(in), readBody(in, bytes));
            default -> throw new MalformedFrameException("relay envelope kind", kind);
        };
        if (in.isReadable()) {
            throw new MalformedFrameException("trailing bytes after relay envelope", in.readableBytes());
        }
        return envelope;
    }

    /**
     * The application payload of a DATA envelope's body: the body itself when it is one (it did not leave
     * its origin), else read out of its wire form, which must be one payload exactly.
     */
    public static AppPayload decodePayload(Body body) {
        if (body instanceof AppPayload payload) {
            return payload;
        }
        EncodedBody encoded = (EncodedBody) body;
        return readPayload(Unpooled.wrappedBuffer(encoded.array(), encoded.offset(), encoded.length()));
    }

    /** The payload that the readable bytes of {@code in} must be exactly; its bytes copied out of {@code in}. */
    private static AppPayload readPayload(ByteBuf in) {
        WireStrings.requireReadable(in, 9, "payload header");
        int kind = in.readUnsignedByte();
        if (kind == SEALED_PAYLOAD) {
            throw new MalformedFrameException("a sealed payload, and this node has no sealing keys");
        }
        AppPayload.Kind payloadKind = AppPayload.Kind.CODES.decode(kind);
        long requestId = in.readLong();
        String error = WireStrings.read(in, "error");
        if (error != null && payloadKind != AppPayload.Kind.REPLY) {
            throw new MalformedFrameException("error text on a " + payloadKind);
        }
        AppPayload payload = new AppPayload(payloadKind, requestId, error, readBytes(in));
        if (in.isReadable()) {
            throw new MalformedFrameException("trailing bytes after payload", in.readableBytes());
        }
        return payload;
    }

    /**
     * Decodes an envelope as it arrived, the readable bytes of {@code encoded} (borrowed, its indices not moved):
     * as {@link #decode(byte[])} does, except that the bodies of a DATA or BATCH envelope are read as their
     * payloads where they are well formed and in clear, the application bytes copied straight out of
     * {@code encoded} into the arrays the listeners get. Copying the envelope into an array first and the
     * payload out of that at delivery cost a 16 KB message's destination two copies instead of one.
     *
     * @throws MalformedFrameException if the envelope is malformed (a malformed payload is not: it stays a body,
     *                                 reported where it is delivered)
     */
    public Envelope decodeReceived(ByteBuf encoded) {
        ByteBuf in = encoded.duplicate();
        int kind = readKind(in);
        if (kind != Envelope.Kind.DATA.code && kind != Envelope.Kind.BATCH.code) {
            return decode(ByteBufUtil.getBytes(encoded));
        }
        Route route = readRoute(in);
        int count = kind == Envelope.Kind.DATA.code ? 1 : readBatchCount(in);
        List<Envelope.Data> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(readElement(route, in, RelayCodec::readReceivedBody));
        }
        if (in.isReadable()) {
            throw new MalformedFrameException("trailing bytes after relay envelope", in.readableBytes());
        }
        return kind == Envelope.Kind.DATA.code ? parts.get(0) : new Envelope.Batch(route, parts);
    }

    /**
     * A received body of {@code length} bytes at {@code in}'s reader index: its payload, or its bytes as they are
     * when it is sealed or malformed (opened, or reported, where it is delivered).
     */
    private static Body readReceivedBody(ByteBuf in, int length) {
        int start = in.readerIndex();
        int kind = length > 0 ? in.getUnsignedByte(start) : SEALED_PAYLOAD;
        if (kind != SEALED_PAYLOAD) {
            try {
                return readPayload(in.slice(start, length));
            } catch (MalformedFrameException e) {
                // Kept as it came: its destination reports it when it is delivered, as for any other body.
            }
        }
        return new EncodedBody(ByteBufUtil.getBytes(in, start, length));
    }

    /** Bytes {@code data} takes after its route, in a DATA envelope or as an element of a batch. */
    public static int elementSize(Envelope.Data data) {
        return ELEMENT_FIELDS + data.body().length();
    }

    /**
     * Writes {@code parts} as a batch carries them, without their route and count: what a batch sealed as one
     * seals ({@link Envelope.SealedBatch}).
     */
    public static void writeElements(List<Envelope.Data> parts, ByteBuf out) {
        parts.forEach(part -> writeElement(part, out));
    }

    /**
     * Reads {@code count} elements on {@code route} that {@link #writeElements} wrote into {@code bytes}, which
     * must hold them exactly; their bodies are ranges of {@code bytes}, not copies.
     *
     * @throws MalformedFrameException if they are malformed, fewer or more
     */
    public static List<Envelope.Data> readElements(Route route, int count, byte[] bytes, int offset, int length) {
        // The whole array, read from offset: the bodies are ranges of it, at the buffer's indexes.
        ByteBuf in = Unpooled.wrappedBuffer(bytes).setIndex(offset, offset + length);
        if (count > in.readableBytes() / ELEMENT_FIELDS) {
            throw new MalformedFrameException("batch count", count);
        }
        List<Envelope.Data> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(readElement(route, in, ranges(bytes)));
        }
        if (in.isReadable()) {
            throw new MalformedFrameException("trailing bytes after batch elements", in.readableBytes());
        }
        return parts;
    }

    /**
     * Bytes of {@code parts} after the route: their fields and bodies, without a batch's count (what
     * {@link #writeElements} writes).
     */
    public static int elementBytes(List<Envelope.Data> parts) {
        int bytes = 0;
        for (Envelope.Data part : parts) {
            bytes += elementSize(part);
        }
        return bytes;
    }

    private static void writeElement(Envelope.Data data, ByteBuf out) {
        out.writeLong(data.epoch()).writeLong(data.seq()).writeLong(data.lowestUnacked());
        writeBody(data.body(), out);
    }

    /** An element's fields before its body's bytes: positions and the body's length, {@code bodyBytes}. */
    private static void writeElementHead(Envelope.Data data, int bodyBytes, ByteBuf out) {
        out.writeLong(data.epoch()).writeLong(data.seq()).writeLong(data.lowestUnacked()).writeInt(bodyBytes);
    }

    /** One element on {@code route}; its body is a range of {@code bytes}, the array {@code in} wraps. */
    private static Envelope.Data readElement(Route route, ByteBuf in, BodyReader bodies) {
        long epoch = readLong(in);
        long seq = readLong(in);
        long lowestUnacked = readLong(in);
        int length = readLength(in);
        Body body = bodies.read(in, length);
        in.skipBytes(length);
        try {
            return new Envelope.Data(route, epoch, seq, lowestUnacked, body);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("data positions: " + e.getMessage());
        }
    }

    /** A batch's count, checked against its bounds and the bytes left (each element takes its fields at least). */
    private static int readBatchCount(ByteBuf in) {
        WireStrings.requireReadable(in, 2, "batch count");
        int count = in.readUnsignedShort();
        if (count < 1 || count > Envelope.Batch.MAX_PARTS || count > in.readableBytes() / ELEMENT_FIELDS) {
            throw new MalformedFrameException("batch count", count);
        }
        return count;
    }

    private Envelope.Undelivered readUndelivered(ByteBuf in) {
        Route route = readRoute(in);
        Destination stream = readTarget(in);
        long epoch = readLong(in);
        long fromSeq = readLong(in);
        long toSeq = readLong(in);
        WireStrings.requireReadable(in, 1, "undelivered reason");
        int code = in.readUnsignedByte();
        Loss reason = Loss.ofCode(code);
        if (reason == null) {
            throw new MalformedFrameException("undelivered reason", code);
        }
        try {
            return new Envelope.Undelivered(route, stream, epoch, fromSeq, toSeq, reason);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("undelivered: " + e.getMessage());
        }
    }

    /** A sealed batch's count: its elements are sealed, so only its bounds can be checked here. */
    private static int readSealedCount(ByteBuf in) {
        WireStrings.requireReadable(in, 2, "batch count");
        int count = in.readUnsignedShort();
        if (count < 1 || count > Envelope.Batch.MAX_PARTS) {
            throw new MalformedFrameException("batch count", count);
        }
        return count;
    }

    private Envelope.Batch readBatch(ByteBuf in, byte[] bytes) {
        Route route = readRoute(in);
        int count = readBatchCount(in);
        List<Envelope.Data> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(readElement(route, in, ranges(bytes)));
        }
        return new Envelope.Batch(route, parts);
    }

    private void writeRoute(Route route, ByteBuf out) {
        addresses.write(route.origin(), out);
        writeTarget(route.to(), out);
        writeSites(route.visited(), out);
    }

    private Route readRoute(ByteBuf in) {
        return new Route(readSiteAddress(in, "origin"), readTarget(in), readSites(in));
    }

    private void writeTarget(Destination target, ByteBuf out) {
        if (target instanceof Destination.Member m) {
            out.writeByte(1);
            addresses.write(m.member(), out);
        } else {
            out.writeByte(2);
            WireStrings.write(((Destination.Site) target).site(), out);
        }
    }

    private Destination readTarget(ByteBuf in) {
        WireStrings.requireReadable(in, 1, "target");
        int type = in.readUnsignedByte();
        return switch (type) {
            case 1 -> new Destination.Member(readSiteAddress(in, "target member"));
            case 2 -> new Destination.Site(readText(in, "target site"));
            default -> throw new MalformedFrameException("target type", type);
        };
    }

    private void writeSites(List<String> sites, ByteBuf out) {
        out.writeByte(sites.size());
        for (String site : sites) {
            out.writeBytes(siteBytes(site));
        }
    }

    /** {@code site} as {@link WireStrings} writes it, from {@link #siteNames}. */
    private byte[] siteBytes(String site) {
        byte[] known = siteNames.get(site);
        if (known != null) {
            return known;
        }
        ByteBuf buf = Unpooled.buffer(WireStrings.encodedSize(site));
        byte[] bytes;
        try {
            WireStrings.write(site, buf);
            bytes = ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
        if (siteNames.size() >= MAX_SITE_NAMES) {
            siteNames.clear();
        }
        siteNames.put(site, bytes);
        return bytes;
    }

    private static List<String> readSites(ByteBuf in) {
        WireStrings.requireReadable(in, 1, "visited count");
        int count = MalformedFrameException.checkCount("visited count", in.readUnsignedByte(), Route.MAX_HOPS,
                in.readableBytes());
        List<String> sites = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sites.add(readText(in, "visited site"));
        }
        return sites;
    }

    private void writeView(SiteView view, ByteBuf out) {
        WireStrings.write(view.site(), out);
        out.writeLong(view.version());
        out.writeInt(view.members().size());
        for (MemberInfo member : view.members()) {
            addresses.write(member.address(), out);
            WireStrings.write(member.physical(), out);
        }
        out.writeInt(view.siteMasters().size());
        view.siteMasters().forEach(master -> addresses.write(master, out));
    }

    private SiteView readView(ByteBuf in) {
        String site = readText(in, "view site");
        long version = readLong(in);
        int count = readCount(in, "member count", View.MAX_MEMBERS);
        List<MemberInfo> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new MemberInfo(readSiteAddress(in, "view member"), readPhysical(in)));
        }
        int masters = readCount(in, "site master count", count);
        List<UuidAddress> siteMasters = new ArrayList<>(masters);
        for (int i = 0; i < masters; i++) {
            siteMasters.add(readSiteAddress(in, "site master"));
        }
        return new SiteView(site, version, members, siteMasters);
    }

    private void writeCertificate(Envelope.SiteCertificate certificate, ByteBuf out) {
        WireStrings.write(certificate.site(), out);
        out.writeByte(certificate.chain().size());
        for (byte[] der : certificate.chain()) {
            out.writeShort(der.length);
            out.writeBytes(der);
        }
        writeSites(certificate.visited(), out);
    }

    private static Envelope.SiteCertificate readCertificate(ByteBuf in) {
        String site = readText(in, "certificate site");
        WireStrings.requireReadable(in, 1, "certificate count");
        int count = in.readUnsignedByte();
        if (count < 1 || count > MAX_CHAIN_CERTIFICATES) {
            throw new MalformedFrameException("certificate count", count);
        }
        List<byte[]> chain = new ArrayList<>(count);
        int total = 0;
        for (int i = 0; i < count; i++) {
            WireStrings.requireReadable(in, 2, "certificate length");
            int length = in.readUnsignedShort();
            total += length;
            if (length < 1 || total > MAX_CHAIN_BYTES || length > in.readableBytes()) {
                throw new MalformedFrameException("certificate length", length);
            }
            chain.add(ByteBufUtil.getBytes(in, in.readerIndex(), length));
            in.skipBytes(length);
        }
        return new Envelope.SiteCertificate(site, chain, readSites(in));
    }

    private static int readCount(ByteBuf in, String field, int max) {
        WireStrings.requireReadable(in, 4, field);
        return MalformedFrameException.checkCount(field, in.readInt(), max, in.readableBytes());
    }

    private UuidAddress readSiteAddress(ByteBuf in, String field) {
        Address address = addresses.read(in);
        if (!(address instanceof UuidAddress uuid) || uuid.site() == null) {
            throw new MalformedFrameException(field + " is not a site address: " + address);
        }
        return uuid;
    }

    private static String readText(ByteBuf in, String field) {
        String text = WireStrings.read(in, field);
        if (text == null || text.isBlank()) {
            throw new MalformedFrameException(field + " missing");
        }
        return text;
    }

    private static String readPhysical(ByteBuf in) {
        String physical = WireStrings.read(in, "physical");
        if (physical == null) {
            throw new MalformedFrameException("physical address missing");
        }
        return physical;
    }

    private static long readLong(ByteBuf in) {
        WireStrings.requireReadable(in, 8, "long");
        return in.readLong();
    }

    /**
     * The fields of {@code payload}'s wire form before its application bytes: what a sealer encrypts, followed
     * by the bytes themselves, without copying those into a buffer first.
     */
    public static void writePayloadHeader(AppPayload payload, ByteBuf out) {
        out.writeByte(payload.kind().code());
        out.writeLong(payload.requestId());
        WireStrings.write(payload.error(), out);
        out.writeInt(payload.bytes().length);
    }

    /** A DATA body, length first: the origin's payload written out field by field, a received one as it came. */
    private static void writeBody(Body body, ByteBuf out) {
        out.writeInt(body.length());
        if (body instanceof AppPayload payload) {
            writePayloadHeader(payload, out);
            out.writeBytes(payload.bytes());
        } else {
            EncodedBody encoded = (EncodedBody) body;
            out.writeBytes(encoded.array(), encoded.offset(), encoded.length());
        }
    }

    /** A DATA body, length first, as a range of {@code bytes}, the array {@code in} wraps: not copied. */
    private static EncodedBody readBody(ByteBuf in, byte[] bytes) {
        int length = readLength(in);
        EncodedBody body = new EncodedBody(bytes, in.readerIndex(), length);
        in.skipBytes(length);
        return body;
    }

    /** Bodies as ranges of {@code bytes}, which the buffer they are read from wraps whole. */
    private static BodyReader ranges(byte[] bytes) {
        return (in, length) -> new EncodedBody(bytes, in.readerIndex(), length);
    }

    /** Makes the body of {@code length} bytes at a buffer's reader index, which it does not move. */
    @FunctionalInterface
    private interface BodyReader {
        Body read(ByteBuf in, int length);
    }

    private static byte[] readBytes(ByteBuf in) {
        int length = readLength(in);
        // Copied out of the array in one go (no zeroing of the new array first, unlike new + readBytes).
        byte[] bytes = ByteBufUtil.getBytes(in, in.readerIndex(), length);
        in.skipBytes(length);
        return bytes;
    }

    private static int readLength(ByteBuf in) {
        WireStrings.requireReadable(in, 4, "length");
        return MalformedFrameException.checkCount("length", in.readInt(), Message.MAX_PAYLOAD_BYTES,
                in.readableBytes());
    }

    /**
     * A heap buffer for an envelope's fields, to {@link #giveBack} after use: this codec's own buffer,
     * reused, unless that one is in use already. Allocating (and zeroing) a buffer per message, and growing
     * it, cost as much as the encoding itself.
     */
    private ByteBuf newBuffer() {
        return scratch.take(FIELDS_HEADROOM);
    }

    /**
     * A buffer over a new array of exactly the bytes of {@code fields} and {@code bodyBytes} more, holding
     * {@code fields} already: the rest is written through it.
     */
    private static ByteBuf exactly(ByteBuf fields, int bodyBytes) {
        int fieldBytes = fields.readableBytes();
        byte[] array = new byte[fieldBytes + bodyBytes];
        fields.getBytes(fields.readerIndex(), array, 0, fieldBytes);
        return Unpooled.wrappedBuffer(array).writerIndex(fieldBytes);
    }

    /** The bytes written to {@code out}. */
    private static byte[] copyOut(ByteBuf out) {
        int start = out.arrayOffset() + out.readerIndex();
        return Arrays.copyOfRange(out.array(), start, start + out.readableBytes());
    }

    /** Ends the use of a buffer from {@link #newBuffer}. */
    private void giveBack(ByteBuf out) {
        scratch.giveBack(out);
    }

    /** A codec's encoding buffer, lent to one encoding at a time. */
    private static final class Scratch {
        /** Larger buffers (a rare huge message) are not kept: a node would hold that memory for good. */
        private static final int MAX_KEPT_BYTES = 256 * 1024;
        private ByteBuf buffer = heapBuffer(16 * 1024);
        private boolean lent;

        ByteBuf take(int bytes) {
            if (lent) {
                return heapBuffer(bytes);
            }
            lent = true;
            return buffer.clear().ensureWritable(bytes);
        }

        void giveBack(ByteBuf out) {
            if (out != buffer) {
                out.release();
                return;
            }
            lent = false;
            if (buffer.capacity() > MAX_KEPT_BYTES) {
                buffer = heapBuffer(16 * 1024);
            }
        }

        private static ByteBuf heapBuffer(int bytes) {
            return new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, bytes, Integer.MAX_VALUE);
        }
    }
}
