package io.xsite.grid.store;

import io.xsite.grid.BackupAction;
import io.xsite.grid.Expiry;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridException;
import io.xsite.grid.GridWrite;
import io.xsite.grid.WriteResult;
import io.xsite.grid.store.GridMessage.Answer;
import java.net.InetSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes and reads {@link GridMessage}s. Layout: a version byte, a type byte, then the type's fields in
 * order, big-endian; byte strings and strings as an int length and the bytes, optional values behind a
 * presence byte, lists as an int count and the items.
 *
 * <pre>
 *  0        1      2
 *  +--------+------+---------------------------+
 *  | version| type | fields of the type ...    |
 *  +--------+------+---------------------------+
 * </pre>
 *
 * Every length and count is checked against the bytes left (and a cap) before anything is allocated; a
 * bad message throws {@link IllegalArgumentException} and is dropped by the caller.
 */
final class GridCodec {
    static final byte VERSION = 5;
    /** Offset of the type byte, after the version. */
    private static final int TYPE_OFFSET = 1;
    /** Offset of the type's fields. */
    private static final int FIELDS_OFFSET = 2;
    /** Largest key or value; a copy carries both and must fit a member message (1 MiB by default). */
    static final int MAX_BYTES = 1 << 20;
    private static final int MAX_NAME_BYTES = 255;
    private static final int MAX_SEGMENTS = 1 << 16;

    private static final byte OPERATE = 1;
    private static final byte OPERATE_REPLY = 2;
    private static final byte COPY = 3;
    private static final byte COPY_ACK = 4;
    private static final byte VIEW_STATE = 5;
    private static final byte FETCH = 6;
    private static final byte FETCH_REPLY = 7;
    private static final byte COUNT = 8;
    private static final byte COUNT_REPLY = 9;
    private static final byte SCAN = 10;
    private static final byte SCAN_REPLY = 11;
    private static final byte BATCH = 12;
    private static final byte SITE_BACKUP = 13;
    private static final byte SITE_BACKUP_REPLY = 14;
    private static final byte MERGE = 15;
    private static final byte MERGE_REPLY = 16;
    private static final byte ACKNOWLEDGED = 17;
    private static final byte DIGESTS = 18;
    private static final byte DIGESTS_REPLY = 19;
    private static final byte PUSH = 20;
    private static final byte PUSH_REPLY = 21;
    private static final byte BACKUP_CONTROL = 22;
    private static final byte BACKUP_CONTROL_REPLY = 23;
    private static final byte STOP_TRACKING = 24;
    private static final byte SITE_PUSH = 25;
    private static final byte PUSH_RANGE = 26;
    private static final byte STOPPED = 27;
    private static final byte PUT_ALL = 28;
    /** Most sites an entry's stamps name (the relay's topology holds at most 64). */
    static final int MAX_SITES = 64;
    /** Most views a {@link GridMessage.ViewState} lists as installed since its lineage. */
    static final int MAX_INSTALLED_VIEWS = 16;
    /** Most messages in one batch. */
    static final int MAX_BATCH = 4096;
    /**
     * Most entries in one {@link GridMessage.PutAll} or {@link GridMessage.Copy}: a larger {@code MSET} is sent
     * in parts ({@link OperationRouter#putAll}).
     */
    static final int MAX_PUTS = 1024;

    private GridCodec() {
    }

    static byte[] encode(GridMessage message) {
        Writer out = new Writer();
        out.write(VERSION);
        if (message instanceof GridMessage.Operate m) {
            out.write(OPERATE).writeLong(m.requestId()).writeString(m.cache()).writeBytes(m.key())
                    .writeLong(m.remainingMillis());
            out.write(m.write() == null ? 0 : 1);
            if (m.write() != null) {
                writeId(out, m.writeId());
                writeWrite(out, m.write());
            }
        } else if (message instanceof GridMessage.OperateReply m) {
            out.write(OPERATE_REPLY).writeLong(m.requestId());
            writeAnswer(out, m.answer());
        } else if (message instanceof GridMessage.PutAll m) {
            out.write(PUT_ALL).writeLong(m.requestId()).writeString(m.cache()).writeLong(m.remainingMillis())
                    .writeInt(m.items().size());
            for (GridMessage.PutAll.Item item : m.items()) {
                writeId(out, item.writeId());
                out.writeBytes(item.key()).writeBytes(item.value());
            }
        } else if (message instanceof GridMessage.Copy m) {
            out.write(COPY).writeLong(m.requestId()).writeString(m.cache());
            writeView(out, m.view());
            out.writeInt(m.entries().size());
            for (GridMessage.Copied copied : m.entries()) {
                out.writeBytes(copied.key());
                writeEntry(out, copied.entry());
                out.write(copied.writeId() == null ? 0 : 1);
                if (copied.writeId() != null) {
                    writeId(out, copied.writeId());
                    writeResult(out, copied.result());
                }
            }
            out.writeLong(m.answers());
            if (m.answers() != 0) {
                writeResult(out, m.answer());
            }
        } else if (message instanceof GridMessage.CopyAck m) {
            out.write(COPY_ACK).writeLong(m.requestId()).write(m.applied() ? 1 : 0);
        } else if (message instanceof GridMessage.ViewState m) {
            out.write(VIEW_STATE);
            writeView(out, m.view());
            out.writeLong(m.lineage()).writeLong(m.heard()).write(m.majority() ? 1 : 0);
            out.writeInt(m.installed().size());
            m.installed().forEach(view -> writeView(out, view));
            writeSegments(out, m.carried());
            writeSegments(out, m.ready());
            out.write(m.client().isPresent() ? 1 : 0);
            if (m.client().isPresent()) {
                out.writeString(m.client().get().getHostString()).writeInt(m.client().get().getPort());
            }
        } else if (message instanceof GridMessage.Fetch m) {
            out.write(FETCH).writeLong(m.requestId()).writeString(m.cache());
            writeView(out, m.view());
            out.writeInt(m.segment()).writeLong(m.position());
        } else if (message instanceof GridMessage.FetchReply m) {
            out.write(FETCH_REPLY).writeLong(m.requestId()).write(m.stale() ? 1 : 0);
            writeEntries(out, m.entries());
            out.writeLong(m.nextPosition()).writeInt(m.recentWrites().size());
            m.recentWrites().forEach((id, result) -> {
                writeId(out, id);
                writeResult(out, result);
            });
        } else if (message instanceof GridMessage.SiteBackup m) {
            out.write(SITE_BACKUP).writeLong(m.requestId()).writeString(m.cache());
            writeEntries(out, m.entries());
        } else if (message instanceof GridMessage.SiteBackupReply m) {
            out.write(SITE_BACKUP_REPLY).writeLong(m.requestId()).write(m.applied() ? 1 : 0);
        } else if (message instanceof GridMessage.Merge m) {
            out.write(MERGE).writeLong(m.requestId()).writeString(m.cache()).writeString(m.fromSite());
            writeEntries(out, m.entries());
        } else if (message instanceof GridMessage.MergeReply m) {
            out.write(MERGE_REPLY).writeLong(m.requestId()).write(m.applied() ? 1 : 0);
        } else if (message instanceof GridMessage.Acknowledged m) {
            out.write(ACKNOWLEDGED).writeString(m.cache()).writeString(m.site()).writeInt(m.versions().size());
            m.versions().forEach(e -> out.writeBytes(e.getKey().bytes()).writeLong(e.getValue()));
        } else if (message instanceof GridMessage.BackupControl m) {
            out.write(BACKUP_CONTROL).writeLong(m.requestId()).writeString(m.cache()).writeString(m.site())
                    .write(actionCode(m.action())).writeLong(m.pushId());
        } else if (message instanceof GridMessage.BackupControlReply m) {
            out.write(BACKUP_CONTROL_REPLY).writeLong(m.requestId()).writeString(m.outcome());
        } else if (message instanceof GridMessage.Stopped) {
            out.write(STOPPED);
        } else if (message instanceof GridMessage.StopTracking m) {
            out.write(STOP_TRACKING).writeString(m.cache()).writeString(m.site());
        } else if (message instanceof GridMessage.SitePush m) {
            out.write(SITE_PUSH).writeLong(m.requestId()).writeString(m.cache()).writeLong(m.pushId())
                    .writeInt(m.segments()).writeInt(m.segment()).writeLong(m.from()).writeLong(m.next());
            writeEntries(out, m.entries());
        } else if (message instanceof GridMessage.PushRange m) {
            out.write(PUSH_RANGE).writeLong(m.requestId()).writeString(m.cache()).writeString(m.fromSite())
                    .writeLong(m.epoch()).writeInt(m.segment()).writeLong(m.from()).writeLong(m.next());
            writeEntries(out, m.entries());
        } else if (message instanceof GridMessage.Count m) {
            out.write(COUNT).writeLong(m.requestId()).writeString(m.cache());
        } else if (message instanceof GridMessage.CountReply m) {
            out.write(COUNT_REPLY).writeLong(m.requestId()).writeLong(m.count());
        } else if (message instanceof GridMessage.Scan m) {
            out.write(SCAN).writeLong(m.requestId()).writeString(m.cache())
                .writeInt(m.segment()).writeLong(m.position()).writeInt(m.count());
        } else if (message instanceof GridMessage.ScanReply m) {
            out.write(SCAN_REPLY).writeLong(m.requestId()).write(m.retry() ? 1 : 0).writeInt(m.keys().size());
            m.keys().forEach(out::writeBytes);
            out.writeLong(m.nextPosition());
        } else if (message instanceof GridMessage.Digests m) {
            out.write(DIGESTS).writeLong(m.requestId()).writeString(m.cache()).writeLong(m.nowMillis());
        } else if (message instanceof GridMessage.DigestsReply m) {
            out.write(DIGESTS_REPLY).writeLong(m.requestId()).writeInt(m.digests().size());
            m.digests().forEach(d -> out.writeInt(d.segment()).writeLong(d.keys()).writeLong(d.high()).writeLong(d.low()));
        } else if (message instanceof GridMessage.Push m) {
            out.write(PUSH).writeLong(m.requestId()).writeString(m.cache()).writeString(m.site());
            writeBits(out, m.segments());
        } else if (message instanceof GridMessage.PushReply m) {
            out.write(PUSH_REPLY).writeLong(m.requestId());
            writeBits(out, m.pushed());
        }
        return out.toByteArray();
    }

    /**
     * Several encoded messages to one member as one: version, {@code BATCH}, a count, then each message as a
     * byte string (its own version and type first). Batches do not nest.
     */
    static byte[] encodeBatch(List<byte[]> messages) {
        Writer out = new Writer();
        out.write(VERSION).write(BATCH).writeInt(messages.size());
        messages.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The messages of a payload: those of a batch, or the one message it is. */
    static List<GridMessage> decodeAll(byte[] payload) {
        if (payload.length < FIELDS_OFFSET || payload[TYPE_OFFSET] != BATCH) {
            return List.of(decode(payload));
        }
        ByteBuffer in = ByteBuffer.wrap(payload, FIELDS_OFFSET, payload.length - FIELDS_OFFSET);
        try {
            int count = count(in, 6);
            if (count > MAX_BATCH) {
                throw malformed("batch of " + count);
            }
            if (payload[0] != VERSION) {
                throw malformed("version " + payload[0]);
            }
            List<GridMessage> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] message = readBytes(in);
                if (message.length > 1 && message[1] == BATCH) {
                    throw malformed("nested batch");
                }
                messages.add(decode(message));
            }
            if (in.hasRemaining()) {
                throw malformed(in.remaining() + " bytes after the batch");
            }
            return messages;
        } catch (BufferUnderflowException e) {
            throw malformed("truncated batch");
        }
    }

    /** Reads a message; throws IllegalArgumentException for anything malformed. */
    static GridMessage decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw malformed("version " + version);
            }
            byte type = in.get();
            GridMessage message = switch (type) {
                case OPERATE -> {
                    long id = in.getLong();
                    String cache = readString(in);
                    byte[] key = readBytes(in);
                    long remaining = in.getLong();
                    boolean write = readFlag(in);
                    yield write ? new GridMessage.Operate(id, cache, key, readId(in), readWrite(in), remaining)
                            : new GridMessage.Operate(id, cache, key, null, null, remaining);
                }
                case OPERATE_REPLY -> new GridMessage.OperateReply(in.getLong(), readAnswer(in));
                case PUT_ALL -> {
                    long id = in.getLong();
                    String cache = readString(in);
                    long remaining = in.getLong();
                    int count = puts(in, 32);
                    List<GridMessage.PutAll.Item> items = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        items.add(new GridMessage.PutAll.Item(readId(in), readBytes(in), readBytes(in)));
                    }
                    yield new GridMessage.PutAll(id, cache, items, remaining);
                }
                case COPY -> {
                    long id = in.getLong();
                    String cache = readString(in);
                    ViewStamp view = readView(in);
                    int count = puts(in, 31);
                    List<GridMessage.Copied> entries = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        byte[] key = readBytes(in);
                        StoredEntry entry = readEntry(in);
                        boolean withId = readFlag(in);
                        entries.add(new GridMessage.Copied(key, entry, withId ? readId(in) : null,
                                withId ? readResult(in) : null));
                    }
                    long answers = in.getLong();
                    yield new GridMessage.Copy(id, cache, view, entries, answers, answers != 0 ? readResult(in) : null);
                }
                case COPY_ACK -> new GridMessage.CopyAck(in.getLong(), readFlag(in));
                case VIEW_STATE -> {
                    ViewStamp view = readView(in);
                    long lineage = in.getLong();
                    long heard = in.getLong();
                    boolean majority = readFlag(in);
                    int views = count(in, 24);
                    if (views > MAX_INSTALLED_VIEWS) {
                        throw malformed("installed views " + views);
                    }
                    List<ViewStamp> installed = new ArrayList<>(views);
                    for (int i = 0; i < views; i++) {
                        installed.add(readView(in));
                    }
                    Map<String, BitSet> carried = readSegments(in);
                    Map<String, BitSet> ready = readSegments(in);
                    yield new GridMessage.ViewState(view, lineage, heard, majority, installed, carried, ready,
                            readFlag(in) ? Optional.of(readEndpoint(in)) : Optional.empty());
                }
                case FETCH -> new GridMessage.Fetch(in.getLong(), readString(in), readView(in), readSegment(in),
                        in.getLong());
                case FETCH_REPLY -> {
                    long id = in.getLong();
                    boolean stale = readFlag(in);
                    List<Map.Entry<StoredKey, StoredEntry>> entries = readEntries(in);
                    long next = in.getLong();
                    int recent = count(in, 26);
                    Map<OperationId, WriteResult> writes = new LinkedHashMap<>();
                    for (int i = 0; i < recent; i++) {
                        writes.put(readId(in), readResult(in));
                    }
                    yield new GridMessage.FetchReply(id, stale, entries, next, writes);
                }
                case SITE_BACKUP -> new GridMessage.SiteBackup(in.getLong(), readString(in), readEntries(in));
                case SITE_BACKUP_REPLY -> new GridMessage.SiteBackupReply(in.getLong(), readFlag(in));
                case MERGE -> new GridMessage.Merge(in.getLong(), readString(in), readString(in), readEntries(in));
                case MERGE_REPLY -> new GridMessage.MergeReply(in.getLong(), readFlag(in));
                case ACKNOWLEDGED -> {
                    String cache = readString(in);
                    String site = readString(in);
                    int count = count(in, 12);
                    List<Map.Entry<StoredKey, Long>> versions = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        versions.add(Map.entry(StoredKey.of(readBytes(in)), in.getLong()));
                    }
                    yield new GridMessage.Acknowledged(cache, site, versions);
                }
                case BACKUP_CONTROL -> new GridMessage.BackupControl(in.getLong(), readString(in), readString(in),
                        readAction(in), in.getLong());
                case BACKUP_CONTROL_REPLY -> new GridMessage.BackupControlReply(in.getLong(), readString(in));
                case STOP_TRACKING -> new GridMessage.StopTracking(readString(in), readString(in));
                case STOPPED -> new GridMessage.Stopped();
                case SITE_PUSH -> new GridMessage.SitePush(in.getLong(), readString(in), in.getLong(),
                        readSegmentCount(in), readSegment(in), in.getLong(), in.getLong(), readEntries(in));
                case PUSH_RANGE -> new GridMessage.PushRange(in.getLong(), readString(in), readString(in),
                        in.getLong(), readSegment(in), in.getLong(), in.getLong(), readEntries(in));
                case COUNT -> new GridMessage.Count(in.getLong(), readString(in));
                case COUNT_REPLY -> new GridMessage.CountReply(in.getLong(), in.getLong());
                case SCAN -> new GridMessage.Scan(in.getLong(), readString(in), readSegment(in), in.getLong(),
                        in.getInt());
                case SCAN_REPLY -> {
                    long id = in.getLong();
                    boolean retry = readFlag(in);
                    int count = count(in, 4);
                    List<byte[]> keys = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        keys.add(readBytes(in));
                    }
                    yield new GridMessage.ScanReply(id, retry, keys, in.getLong());
                }
                case DIGESTS -> new GridMessage.Digests(in.getLong(), readString(in), in.getLong());
                case DIGESTS_REPLY -> {
                    long id = in.getLong();
                    int count = count(in, 28);
                    if (count > MAX_SEGMENTS) {
                        throw malformed("digests " + count);
                    }
                    List<SegmentDigest> digests = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        digests.add(new SegmentDigest(readSegment(in), in.getLong(), in.getLong(), in.getLong()));
                    }
                    yield new GridMessage.DigestsReply(id, digests);
                }
                case PUSH -> new GridMessage.Push(in.getLong(), readString(in), readString(in), readBits(in));
                case PUSH_REPLY -> new GridMessage.PushReply(in.getLong(), readBits(in));
                default -> throw malformed("type " + type);
            };
            if (in.hasRemaining()) {
                throw malformed(in.remaining() + " bytes after the message");
            }
            return message;
        } catch (BufferUnderflowException e) {
            throw malformed("truncated");
        }
    }

    /** Per cache, a set of segments: the cache's name, then the set ({@link #writeBits}). */
    private static void writeSegments(Writer out, Map<String, BitSet> segments) {
        out.writeInt(segments.size());
        segments.forEach((cache, bits) -> {
            out.writeString(cache);
            writeBits(out, bits);
        });
    }

    private static Map<String, BitSet> readSegments(ByteBuffer in) {
        int caches = count(in, 8);
        Map<String, BitSet> segments = new LinkedHashMap<>();
        for (int i = 0; i < caches; i++) {
            segments.put(readString(in), readBits(in));
        }
        return segments;
    }

    /** A set of segments: a count of words, then the bit set's words. */
    private static void writeBits(Writer out, BitSet bits) {
        long[] words = bits.toLongArray();
        out.writeInt(words.length);
        for (long word : words) {
            out.writeLong(word);
        }
    }

    private static BitSet readBits(ByteBuffer in) {
        int words = count(in, 8);
        if (words > MAX_SEGMENTS / 64) {
            throw malformed("segment bits " + words);
        }
        long[] bits = new long[words];
        for (int w = 0; w < words; w++) {
            bits[w] = in.getLong();
        }
        return BitSet.valueOf(bits);
    }

    private static void writeView(Writer out, ViewStamp view) {
        out.writeLong(view.sequence()).writeLong(view.creatorMsb()).writeLong(view.creatorLsb());
    }

    private static ViewStamp readView(ByteBuffer in) {
        return new ViewStamp(in.getLong(), in.getLong(), in.getLong());
    }

    private static void writeId(Writer out, OperationId id) {
        out.writeLong(id.msb()).writeLong(id.lsb()).writeLong(id.sequence());
    }

    private static OperationId readId(ByteBuffer in) {
        return new OperationId(in.getLong(), in.getLong(), in.getLong());
    }

    private static void writeEntries(Writer out, List<Map.Entry<StoredKey, StoredEntry>> entries) {
        out.writeInt(entries.size());
        for (Map.Entry<StoredKey, StoredEntry> e : entries) {
            out.writeBytes(e.getKey().bytes());
            writeEntry(out, e.getValue());
        }
    }

    private static List<Map.Entry<StoredKey, StoredEntry>> readEntries(ByteBuffer in) {
        int count = count(in, 30);
        List<Map.Entry<StoredKey, StoredEntry>> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(Map.entry(StoredKey.of(readBytes(in)), readEntry(in)));
        }
        return entries;
    }

    /**
     * An entry: value (behind a presence byte: none for a tombstone), version, timestamp, expiry, then its stamps
     * behind a presence byte: origin, the clock as a count of (site, timestamp), the counter behind a presence
     * byte (base, base stamp, a count of (site, contribution)), and the owed sites as a count of names.
     */
    private static void writeEntry(Writer out, StoredEntry entry) {
        out.write(entry.isTombstone() ? 0 : 1);
        if (!entry.isTombstone()) {
            out.writeBytes(entry.value());
        }
        out.writeLong(entry.version()).writeLong(entry.timestamp()).writeLong(entry.expiresAt());
        SiteStamps stamps = entry.stamps();
        out.write(stamps == null ? 0 : 1);
        if (stamps != null) {
            out.writeString(stamps.origin());
            writeSiteLongs(out, stamps.clock());
            out.write(stamps.counter() == null ? 0 : 1);
            if (stamps.counter() != null) {
                out.writeLong(stamps.counter().base()).writeLong(stamps.counter().baseStamp());
                writeSiteLongs(out, stamps.counter().contributions());
            }
            out.writeInt(stamps.owed().size());
            new TreeSet<>(stamps.owed()).forEach(out::writeString);
        }
    }

    private static StoredEntry readEntry(ByteBuffer in) {
        byte[] value = readFlag(in) ? readBytes(in) : null;
        long version = in.getLong();
        long timestamp = in.getLong();
        long expiresAt = in.getLong();
        if (!readFlag(in)) {
            return new StoredEntry(value, version, timestamp, expiresAt);
        }
        String origin = readString(in);
        Map<String, Long> clock = readSiteLongs(in);
        SiteStamps.Counter counter = readFlag(in)
                ? new SiteStamps.Counter(in.getLong(), in.getLong(), readSiteLongs(in)) : null;
        int owedCount = sites(in, 4);
        Set<String> owed = new TreeSet<>();
        for (int i = 0; i < owedCount; i++) {
            owed.add(readString(in));
        }
        return new StoredEntry(value, version, timestamp, expiresAt, new SiteStamps(origin, clock, counter, owed));
    }

    private static void writeSiteLongs(Writer out, Map<String, Long> values) {
        out.writeInt(values.size());
        new TreeMap<>(values).forEach((site, value) -> out.writeString(site).writeLong(value));
    }

    private static Map<String, Long> readSiteLongs(ByteBuffer in) {
        int count = sites(in, 12);
        Map<String, Long> values = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            values.put(readString(in), in.getLong());
        }
        if (values.size() != count) {
            throw malformed("a site named twice");
        }
        return values;
    }

    /** The entry count of a {@link GridMessage.PutAll} or {@link GridMessage.Copy}: 1 to {@link #MAX_PUTS}. */
    private static int puts(ByteBuffer in, int minItemBytes) {
        int count = count(in, minItemBytes);
        if (count < 1 || count > MAX_PUTS) {
            throw malformed("entries " + count);
        }
        return count;
    }

    private static int sites(ByteBuffer in, int minItemBytes) {
        int count = count(in, minItemBytes);
        if (count > MAX_SITES) {
            throw malformed("sites " + count);
        }
        return count;
    }

    /** Expiry: 0 never, 1 keep, 2 after (millis), 3 at (epoch millis). */
    private static void writeWrite(Writer out, GridWrite write) {
        if (write instanceof GridWrite.Put put) {
            out.write(1).writeBytes(put.value());
            writeExpiry(out, put.expiry());
            out.write(switch (put.condition()) {
                case ALWAYS -> 0;
                case IF_ABSENT -> 1;
                case IF_PRESENT -> 2;
            }).write(put.returnPrevious() ? 1 : 0);
        } else if (write instanceof GridWrite.Remove remove) {
            out.write(2);
        } else if (write instanceof GridWrite.Increment increment) {
            out.write(3).writeLong(increment.delta());
        } else if (write instanceof GridWrite.SetExpiry setExpiry) {
            out.write(4);
            writeExpiry(out, setExpiry.expiry());
        }
    }

    private static GridWrite readWrite(ByteBuffer in) {
        byte kind = in.get();
        return switch (kind) {
            case 1 -> {
                byte[] value = readBytes(in);
                Expiry expiry = readExpiry(in);
                byte condition = in.get();
                GridWrite.Condition when = switch (condition) {
                    case 0 -> GridWrite.Condition.ALWAYS;
                    case 1 -> GridWrite.Condition.IF_ABSENT;
                    case 2 -> GridWrite.Condition.IF_PRESENT;
                    default -> throw malformed("condition " + condition);
                };
                yield new GridWrite.Put(value, expiry, when, readFlag(in));
            }
            case 2 -> new GridWrite.Remove();
            case 3 -> new GridWrite.Increment(in.getLong());
            case 4 -> new GridWrite.SetExpiry(readExpiry(in));
            default -> throw malformed("write " + kind);
        };
    }

    private static void writeExpiry(Writer out, Expiry expiry) {
        if (expiry instanceof Expiry.Never never) {
            out.write(0);
        } else if (expiry instanceof Expiry.Keep keep) {
            out.write(1);
        } else if (expiry instanceof Expiry.After after) {
            out.write(2).writeLong(after.ttl().toMillis());
        } else if (expiry instanceof Expiry.At at) {
            out.write(3).writeLong(at.epochMillis());
        }
    }

    private static Expiry readExpiry(ByteBuffer in) {
        byte kind = in.get();
        return switch (kind) {
            case 0 -> Expiry.never();
            case 1 -> Expiry.keep();
            case 2 -> Expiry.after(Duration.ofMillis(in.getLong()));
            case 3 -> Expiry.at(in.getLong());
            default -> throw malformed("expiry " + kind);
        };
    }

    private static void writeResult(Writer out, WriteResult result) {
        out.write(result.applied() ? 1 : 0).writeLong(result.number());
        writeOptionalEntry(out, result.previous());
    }

    private static WriteResult readResult(ByteBuffer in) {
        boolean applied = readFlag(in);
        long number = in.getLong();
        return new WriteResult(applied, readOptionalEntry(in), number);
    }

    private static void writeOptionalEntry(Writer out, Optional<GridEntry> entry) {
        out.write(entry.isPresent() ? 1 : 0);
        entry.ifPresent(e -> out.writeBytes(e.value()).writeLong(e.expiresAtMillis()));
    }

    private static Optional<GridEntry> readOptionalEntry(ByteBuffer in) {
        return readFlag(in) ? Optional.of(new GridEntry(readBytes(in), in.getLong())) : Optional.empty();
    }

    /** Answers: 1 read, 2 written, 3 retry, 4 failed (with the reason's code). */
    private static void writeAnswer(Writer out, Answer answer) {
        if (answer instanceof Answer.Read read) {
            out.write(1);
            writeOptionalEntry(out, read.entry());
        } else if (answer instanceof Answer.Written written) {
            out.write(2);
            writeResult(out, written.result());
        } else if (answer instanceof Answer.Retry retry) {
            out.write(3).writeString(retry.why());
        } else if (answer instanceof Answer.Failed failed) {
            out.write(4).write(reasonCode(failed.reason())).writeString(failed.message());
        }
    }

    private static Answer readAnswer(ByteBuffer in) {
        byte kind = in.get();
        return switch (kind) {
            case 1 -> new Answer.Read(readOptionalEntry(in));
            case 2 -> new Answer.Written(readResult(in));
            case 3 -> new Answer.Retry(readString(in));
            case 4 -> new Answer.Failed(reason(in.get()), readString(in));
            default -> throw malformed("answer " + kind);
        };
    }

    private static int reasonCode(GridException.Reason reason) {
        return switch (reason) {
            case CLUSTER_DOWN -> 1;
            case UNAVAILABLE -> 2;
            case NOT_AN_INTEGER -> 3;
            case OVERFLOW -> 4;
            case BAD_REQUEST -> 5;
        };
    }

    private static GridException.Reason reason(byte code) {
        return switch (code) {
            case 1 -> GridException.Reason.CLUSTER_DOWN;
            case 2 -> GridException.Reason.UNAVAILABLE;
            case 3 -> GridException.Reason.NOT_AN_INTEGER;
            case 4 -> GridException.Reason.OVERFLOW;
            case 5 -> GridException.Reason.BAD_REQUEST;
            default -> throw malformed("reason " + code);
        };
    }

    private static boolean readFlag(ByteBuffer in) {
        byte flag = in.get();
        if (flag != 0 && flag != 1) {
            throw malformed("flag " + flag);
        }
        return flag == 1;
    }

    private static int readSegment(ByteBuffer in) {
        int segment = in.getInt();
        if (segment < 0 || segment >= MAX_SEGMENTS) {
            throw malformed("segment " + segment);
        }
        return segment;
    }

    /** A segment count: 1 to {@link #MAX_SEGMENTS}. */
    private static int readSegmentCount(ByteBuffer in) {
        int segments = in.getInt();
        if (segments < 1 || segments > MAX_SEGMENTS) {
            throw malformed("segment count " + segments);
        }
        return segments;
    }

    /** Backup actions: 0 take offline, 1 bring online, 2 push state. */
    private static int actionCode(BackupAction action) {
        return switch (action) {
            case TAKE_OFFLINE -> 0;
            case BRING_ONLINE -> 1;
            case PUSH_STATE -> 2;
        };
    }

    private static BackupAction readAction(ByteBuffer in) {
        byte code = in.get();
        return switch (code) {
            case 0 -> BackupAction.TAKE_OFFLINE;
            case 1 -> BackupAction.BRING_ONLINE;
            case 2 -> BackupAction.PUSH_STATE;
            default -> throw malformed("backup action " + code);
        };
    }

    /** A count of items of at least {@code minItemBytes} each, checked against the bytes left. */
    private static int count(ByteBuffer in, int minItemBytes) {
        int count = in.getInt();
        if (count < 0 || (long) count * minItemBytes > in.remaining()) {
            throw malformed("count " + count + " with " + in.remaining() + " bytes left");
        }
        return count;
    }

    private static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > MAX_BYTES || length > in.remaining()) {
            throw malformed("length " + length + " with " + in.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > MAX_NAME_BYTES || length > in.remaining()) {
            throw malformed("string length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A host (name or literal address, never resolved here) and a port. */
    private static InetSocketAddress readEndpoint(ByteBuffer in) {
        String host = readString(in);
        int port = in.getInt();
        if (port < 1 || port > 65_535) {
            throw malformed("port " + port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("malformed grid message: " + what);
    }

    /** A growable big-endian byte array. */
    private static final class Writer {
        private byte[] bytes = new byte[64];
        private int size;

        Writer write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
            return this;
        }

        Writer writeInt(int v) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (v >>> shift);
            }
            return this;
        }

        Writer writeLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (v >>> shift);
            }
            return this;
        }

        Writer writeBytes(byte[] value) {
            writeInt(value.length);
            ensure(value.length);
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
            return this;
        }

        Writer writeString(String value) {
            return writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
