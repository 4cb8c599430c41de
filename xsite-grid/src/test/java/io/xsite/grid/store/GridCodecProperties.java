package io.xsite.grid.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.grid.BackupAction;
import io.xsite.grid.Expiry;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridException;
import io.xsite.grid.GridWrite;
import io.xsite.grid.WriteResult;
import io.xsite.grid.store.GridMessage.Answer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The grid's wire format: every message reads back as written; any other input is refused, never trusted. */
class GridCodecProperties {

    @Property(tries = 300)
    void everyMessageReadsBackAsWritten(@ForAll("messages") GridMessage message) {
        byte[] encoded = GridCodec.encode(message);
        assertThat(GridCodec.encode(GridCodec.decode(encoded))).isEqualTo(encoded);
    }

    @Property(tries = 100)
    void aBatchReadsBackAsItsMessagesInOrder(@ForAll("messages") GridMessage first, @ForAll("messages") GridMessage second,
                                             @ForAll("messages") GridMessage third) {
        List<byte[]> encoded = List.of(GridCodec.encode(first), GridCodec.encode(second), GridCodec.encode(third));
        List<GridMessage> decoded = GridCodec.decodeAll(GridCodec.encodeBatch(encoded));
        assertThat(decoded.stream().map(GridCodec::encode).toList()).containsExactlyElementsOf(encoded);
        byte[] batch = GridCodec.encodeBatch(encoded);
        assertThatThrownBy(() -> GridCodec.decodeAll(Arrays.copyOf(batch, batch.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GridCodec.decodeAll(GridCodec.encodeBatch(List.of(batch))))
                .hasMessageContaining("nested");
    }

    @Property(tries = 300)
    void aTruncatedMessageIsRefused(@ForAll("messages") GridMessage message, @ForAll long cut) {
        byte[] encoded = GridCodec.encode(message);
        int length = (int) Math.floorMod(cut, encoded.length);
        assertThatThrownBy(() -> GridCodec.decode(Arrays.copyOf(encoded, length)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 1000)
    void randomBytesAreRefusedOrReadWithoutHarm(@ForAll @Size(max = 200) byte[] bytes) {
        try {
            List<GridMessage> messages = GridCodec.decodeAll(bytes);
            assertThat(messages).isNotEmpty();
        } catch (IllegalArgumentException refused) {
            assertThat(refused).hasMessageStartingWith("malformed grid message");
        }
    }

    @Property(tries = 200)
    void aHugeLengthIsRefusedBeforeAnyAllocation(@ForAll("messages") GridMessage message) {
        byte[] encoded = GridCodec.encode(message);
        if (message instanceof GridMessage.Operate) {
            // version, type, request id, cache name length: then a forged key length of 2 GB
            int at = 2 + 8 + 4 + ((GridMessage.Operate) message).cache().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            encoded[at] = 0x7F;
            assertThatThrownBy(() -> GridCodec.decode(encoded)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 20)
    void aPutAllOrCopyOfNoEntryOrMoreThanTheCapIsRefused(@ForAll boolean tooMany) {
        int count = tooMany ? GridCodec.MAX_PUTS + 1 : 0;
        List<GridMessage.PutAll.Item> items = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new GridMessage.PutAll.Item(new OperationId(1, 2, i), new byte[0], new byte[0])).toList();
        List<GridMessage.Copied> copied = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new GridMessage.Copied(new byte[0], new StoredEntry(new byte[0], 1, 1,
                        GridEntry.NO_EXPIRY), null, null)).toList();

        assertThatThrownBy(() -> GridCodec.decode(GridCodec.encode(new GridMessage.PutAll(1, "c", items, 10))))
                .hasMessageContaining("entries " + count);
        assertThatThrownBy(() -> GridCodec.decode(GridCodec.encode(new GridMessage.Copy(1, "c", new ViewStamp(1, 2, 3),
                copied, 0, null)))).hasMessageContaining("entries " + count);
    }

    @Property(tries = 200)
    void stampsNamingMoreSitesThanATopologyHoldsAreRefused(@ForAll @Size(min = 65, max = 70) List<String> ignored) {
        java.util.Map<String, Long> clock = new java.util.TreeMap<>();
        for (int i = 0; i < ignored.size(); i++) {
            clock.put("site" + i, (long) i);
        }
        StoredEntry entry = new StoredEntry(new byte[1], 1, 1, GridEntry.NO_EXPIRY,
                new SiteStamps("site0", clock, null, java.util.Set.of()));
        byte[] encoded = GridCodec.encode(new GridMessage.SiteBackup(1, "c", List.of(Map.entry(StoredKey.of(new byte[1]),
                entry))));
        assertThatThrownBy(() -> GridCodec.decode(encoded)).hasMessageContaining("sites");
    }

    @Provide
    Arbitrary<GridMessage> messages() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<String> names = Arbitraries.strings().alpha().ofMaxLength(12);
        Arbitrary<Long> longs = Arbitraries.longs();
        Arbitrary<OperationId> ids = Combinators.combine(longs, longs, longs).as(OperationId::new);
        Arbitrary<ViewStamp> views = Combinators.combine(longs, longs, longs).as(ViewStamp::new);
        Arbitrary<Expiry> expiries = Arbitraries.oneOf(Arbitraries.just(Expiry.never()), Arbitraries.just(Expiry.keep()),
                Arbitraries.longs().between(0, 1L << 40).map(ms -> Expiry.after(Duration.ofMillis(ms))),
                longs.map(Expiry::at));
        Arbitrary<GridWrite> writes = Arbitraries.oneOf(
                Combinators.combine(bytes, expiries, Arbitraries.of(GridWrite.Condition.class), Arbitraries.of(true, false))
                        .as(GridWrite.Put::new),
                Arbitraries.just(new GridWrite.Remove()), longs.map(GridWrite.Increment::new),
                expiries.map(GridWrite.SetExpiry::new));
        Arbitrary<Optional<GridEntry>> entries = Arbitraries.oneOf(Arbitraries.just(Optional.empty()),
                Combinators.combine(bytes, longs).as((v, e) -> Optional.of(new GridEntry(v, e))));
        Arbitrary<WriteResult> results = Combinators.combine(Arbitraries.of(true, false), entries, longs)
                .as(WriteResult::new);
        Arbitrary<Map<String, Long>> siteLongs = Arbitraries.maps(names, longs).ofMaxSize(3);
        Arbitrary<SiteStamps.Counter> counters = Arbitraries.oneOf(Arbitraries.just(null),
                Combinators.combine(longs, longs, siteLongs).as(SiteStamps.Counter::new));
        Arbitrary<SiteStamps> stamps = Arbitraries.oneOf(Arbitraries.just(null), Combinators.combine(names, siteLongs,
                counters, names.set().ofMaxSize(3)).as(SiteStamps::new));
        Arbitrary<StoredEntry> stored = Combinators.combine(Arbitraries.oneOf(bytes, Arbitraries.just(null)), longs,
                longs, longs, stamps).as(StoredEntry::new);
        Arbitrary<List<Map.Entry<StoredKey, StoredEntry>>> keyed = Combinators.combine(bytes, stored)
                .as((k, e) -> Map.entry(StoredKey.of(k), e)).list().ofMaxSize(4);
        Arbitrary<List<GridMessage.Copied>> copied = Arbitraries.oneOf(
                Combinators.combine(bytes, stored, ids, results).as(GridMessage.Copied::new),
                Combinators.combine(bytes, stored).as((k, e) -> new GridMessage.Copied(k, e, null, null)))
                .list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Answer> answers = Arbitraries.oneOf(entries.map(Answer.Read::new), results.map(Answer.Written::new),
                names.map(Answer.Retry::new), Combinators.combine(Arbitraries.of(GridException.Reason.class), names)
                        .as(Answer.Failed::new));
        Arbitrary<Map<String, BitSet>> segments = Arbitraries.maps(names,
                Arbitraries.integers().between(0, 255).set().map(set -> {
                    BitSet bits = new BitSet();
                    set.forEach(bits::set);
                    return bits;
                })).ofMaxSize(3);
        Arbitrary<Optional<InetSocketAddress>> endpoints = Arbitraries.oneOf(Arbitraries.just(Optional.empty()),
                Combinators.combine(names, Arbitraries.integers().between(1, 65_535))
                        .as((host, port) -> Optional.of(InetSocketAddress.createUnresolved(host, port))));
        int segment = 7;
        Arbitrary<BitSet> bits = segments.map(perCache -> perCache.values().stream().findFirst().orElseGet(BitSet::new));
        Arbitrary<List<SegmentDigest>> digests = Combinators.combine(Arbitraries.integers().between(0, 255), longs, longs,
                longs).as(SegmentDigest::new).list().ofMaxSize(4);
        return Arbitraries.oneOf(
                Combinators.combine(longs, names, longs).as(GridMessage.Digests::new),
                Combinators.combine(longs, digests).as(GridMessage.DigestsReply::new),
                Combinators.combine(longs, names, names, bits).as(GridMessage.Push::new),
                Combinators.combine(longs, bits).as(GridMessage.PushReply::new),
                Combinators.combine(longs, names, bytes, ids, writes, longs)
                        .as((r, c, k, id, w, t) -> new GridMessage.Operate(r, c, k, id, w, t)),
                Combinators.combine(longs, names, bytes, longs).as((r, c, k, t) -> new GridMessage.Operate(r, c, k, null,
                        null, t)),
                Combinators.combine(longs, answers).as(GridMessage.OperateReply::new),
                Combinators.combine(longs, names, views, copied, longs.filter(a -> a != 0), results)
                        .as(GridMessage.Copy::new),
                Combinators.combine(longs, names, views, copied).as((r, c, v, e) -> new GridMessage.Copy(r, c, v, e, 0,
                        null)),
                Combinators.combine(longs, names, Combinators.combine(ids, bytes, bytes).as(GridMessage.PutAll.Item::new)
                        .list().ofMinSize(1).ofMaxSize(4), longs).as(GridMessage.PutAll::new),
                Combinators.combine(longs, Arbitraries.of(true, false)).as(GridMessage.CopyAck::new),
                Combinators.combine(views, longs, longs, Arbitraries.of(true, false), views.list().ofMaxSize(3),
                        segments, segments, endpoints).as(GridMessage.ViewState::new),
                Combinators.combine(longs, names, views, longs).as((r, c, v, p) -> new GridMessage.Fetch(r, c, v, segment,
                        p)),
                Combinators.combine(longs, Arbitraries.of(true, false), keyed, longs,
                        Arbitraries.maps(ids, results).ofMaxSize(3)).as(GridMessage.FetchReply::new),
                Combinators.combine(longs, names).as(GridMessage.Count::new),
                Combinators.combine(longs, longs).as(GridMessage.CountReply::new),
                Combinators.combine(longs, names, longs, Arbitraries.integers()).as((r, c, p, n) ->
                        new GridMessage.Scan(r, c, segment, p, n)),
                Combinators.combine(longs, Arbitraries.of(true, false), bytes.list().ofMaxSize(4), longs)
                        .as(GridMessage.ScanReply::new),
                Combinators.combine(longs, names, keyed).as(GridMessage.SiteBackup::new),
                Combinators.combine(longs, Arbitraries.of(true, false)).as(GridMessage.SiteBackupReply::new),
                Combinators.combine(longs, names, names, keyed).as(GridMessage.Merge::new),
                Combinators.combine(longs, Arbitraries.of(true, false)).as(GridMessage.MergeReply::new),
                Combinators.combine(names, names, Combinators.combine(bytes, longs)
                        .as((k, v) -> Map.entry(StoredKey.of(k), v)).list().ofMaxSize(4))
                        .as(GridMessage.Acknowledged::new),
                Combinators.combine(longs, names, names, Arbitraries.of(BackupAction.class), longs)
                        .as(GridMessage.BackupControl::new),
                Combinators.combine(longs, names).as(GridMessage.BackupControlReply::new),
                Combinators.combine(names, names).as(GridMessage.StopTracking::new),
                Arbitraries.just(new GridMessage.Stopped()),
                Combinators.combine(longs, names, longs, longs, longs, keyed).as((r, c, id, from, next, e) ->
                        new GridMessage.SitePush(r, c, id, 256, segment, from, next, e)),
                Combinators.combine(longs, names, names, longs, longs, longs, keyed).as((r, c, site, epoch, from,
                        next, e) -> new GridMessage.PushRange(r, c, site, epoch, segment, from, next, e)));
    }
}
