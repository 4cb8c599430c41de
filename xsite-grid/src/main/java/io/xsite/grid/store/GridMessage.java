package io.xsite.grid.store;

import io.xsite.grid.BackupAction;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridException;
import io.xsite.grid.GridWrite;
import io.xsite.grid.WriteResult;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The messages grid members exchange; {@link GridCodec} writes and reads them. */
sealed interface GridMessage {

    /** A message that asks for a {@link Reply} with the same request id. */
    sealed interface Request extends GridMessage {
        long requestId();
    }

    /** The answer to a {@link Request}. */
    sealed interface Reply extends GridMessage {
        long requestId();
    }

    /**
     * A client operation forwarded to the key's primary: a read when {@code write} is null.
     *
     * @param writeId         the write's identity (null for a read)
     * @param remainingMillis how long the client still waits: a primary that cannot start the operation within
     *                        it drops it (a write the client gave up on is not applied later)
     */
    record Operate(long requestId, String cache, byte[] key, OperationId writeId, GridWrite write,
                   long remainingMillis) implements Request {
    }

    /** What became of an {@link Operate}. */
    record OperateReply(long requestId, Answer answer) implements Reply {
    }

    /** The outcome of an operation at a primary. */
    sealed interface Answer {
        /** A read's result. */
        record Read(Optional<GridEntry> entry) implements Answer { }

        /** A write's result, applied by every owner. */
        record Written(WriteResult result) implements Answer { }

        /** The receiver is not (or not yet) the key's primary: ask again, at the primary of a newer view. */
        record Retry(String why) implements Answer { }

        /** The operation failed for a reason the client sees. */
        record Failed(GridException.Reason reason, String message) implements Answer { }
    }

    /**
     * Unconditional puts of several keys, forwarded to the primary of them all ({@code MSET}): it applies each
     * as a write of its own (version, timestamp, remembered id), copies them to each other owner as one
     * {@link Copy}, and answers once, with an {@link OperateReply}, when every owner stored them all.
     *
     * @param remainingMillis as in {@link Operate}
     */
    record PutAll(long requestId, String cache, List<Item> items, long remainingMillis) implements Request {
        /** One key's put, with the write's identity (kept across retries). */
        record Item(OperationId writeId, byte[] key, byte[] value) {
        }
    }

    /**
     * A primary's writes, copied to another owner of their keys' segments in the view the primary applied them
     * in: one write, or the several of a {@link PutAll} that the receiver owns.
     *
     * @param answers the receiver's request id of the {@link Operate} or {@link PutAll} these writes came from,
     *                which the receiver answers with {@code answer} once it stored the copy; 0 for none
     *                ({@link ReplicatedWrite#answeredBy})
     * @param answer  what that answer carries (null when {@code answers} is 0)
     */
    record Copy(long requestId, String cache, ViewStamp view, List<Copied> entries, long answers,
                WriteResult answer) implements Request {
    }

    /**
     * One entry of a {@link Copy}.
     *
     * @param writeId the client write's identity and its result, remembered for retries (both null for none)
     */
    record Copied(byte[] key, StoredEntry entry, OperationId writeId, WriteResult result) {
    }

    /** An owner stored a {@link Copy} ({@code applied}), or is in another view and did not. */
    record CopyAck(long requestId, boolean applied) implements Reply {
    }

    /**
     * What a member tells every other member on installing a view: the view, the last view it accepted writes
     * in before it ({@code lineage}: members whose lineage is older missed writes), whether the view holds a
     * majority of its last stable view ({@code majority}: the view is writable only if it does for every member),
     * the newest lineage it had heard of ({@code heard}: joiners cut off from their site must not write alone),
     * the views it installed from its lineage view on, the current one last ({@code installed}: a member that was
     * in the newest lineage's view without settling it holds what was written there, see
     * {@link Quorum#newestCopies}), and per cache the segments
     * it owns now and held completely in the previous view ({@code carried}: they stay complete unless its
     * lineage is stale) and those it owns and holds completely in this view ({@code ready}), and where its RESP
     * server takes clients ({@code client}, once it has one: {@link ClientDirectory}). Sent again whenever more
     * segments are ready, or the endpoint is advertised.
     */
    record ViewState(ViewStamp view, long lineage, long heard, boolean majority, List<ViewStamp> installed,
                     Map<String, BitSet> carried, Map<String, BitSet> ready, Optional<InetSocketAddress> client)
            implements GridMessage {
        public ViewState {
            installed = List.copyOf(installed);
        }
    }

    /** Asks for a chunk of a segment's entries, from {@code position} on, on behalf of a new owner in {@code view}. */
    record Fetch(long requestId, String cache, ViewStamp view, int segment, long position) implements Request {
    }

    /**
     * A chunk of a segment ({@link SegmentStore#chunk}); {@code nextPosition} -1 ends the segment, and the
     * last chunk carries the segment's recent write results. {@code stale}: the responder is in another view.
     */
    record FetchReply(long requestId, boolean stale, List<Map.Entry<StoredKey, StoredEntry>> entries,
                      long nextPosition, Map<OperationId, WriteResult> recentWrites) implements Reply {
    }

    /** Asks for the number of values in the segments the receiver is primary of. */
    record Count(long requestId, String cache) implements Request {
    }

    record CountReply(long requestId, long count) implements Reply {
    }

    /** Asks a segment's primary for up to {@code count} live keys from {@code position} on. */
    record Scan(long requestId, String cache, int segment, long position, int count) implements Request {
    }

    /** Keys of a segment; {@code nextPosition} -1 ends the segment; {@code retry}: not the primary. */
    record ScanReply(long requestId, boolean retry, List<byte[]> keys, long nextPosition) implements Reply {
    }

    /**
     * Entries of one cache sent to a backup site (grid.md, "Between sites"): to its site master, which answers
     * once each entry's primary there merged it and copied the outcome to its owners. The origin site is the
     * sender's. Travels through the relay, not as a member message.
     */
    record SiteBackup(long requestId, String cache, List<Map.Entry<StoredKey, StoredEntry>> entries)
            implements GridMessage {
    }

    /** What became of a {@link SiteBackup}: {@code applied} when every entry was merged at its primary. */
    record SiteBackupReply(long requestId, boolean applied) implements GridMessage {
    }

    /** Entries from {@code fromSite} for the receiver to merge as their keys' primary. */
    record Merge(long requestId, String cache, String fromSite, List<Map.Entry<StoredKey, StoredEntry>> entries)
            implements Request {
    }

    /** {@code applied}: every entry of the {@link Merge} merged and copied to its owners. */
    record MergeReply(long requestId, boolean applied) implements Reply {
    }

    /**
     * From a primary to the other owners: {@code site} acknowledged these keys' entries, by site-local version;
     * an owner holding the same version stops owing it to the site.
     */
    record Acknowledged(String cache, String site, List<Map.Entry<StoredKey, Long>> versions) implements GridMessage {
    }

    /**
     * Asks for segment digests of {@code cache} taken at {@code nowMillis} (verify and repair). Sent to a member
     * of the site, it answers for the segments it is the ready primary of; sent to another site's site master
     * over the link, that site answers for all of its segments (its site master asks its members).
     */
    record Digests(long requestId, String cache, long nowMillis) implements Request {
    }

    /** The digests a {@link Digests} asked for; segments the responder could not vouch for are missing. */
    record DigestsReply(long requestId, List<SegmentDigest> digests) implements Reply {
    }

    /**
     * Asks to send every entry of {@code segments} of {@code cache}, tombstones included, to {@code site}, where
     * each merges by the conflict policy (repair). Sent to a member of the site, it pushes the segments it is
     * the ready primary of; sent to another site's site master over the link, that site pushes all of them, to
     * the asking site whatever {@code site} names.
     */
    record Push(long requestId, String cache, String site, BitSet segments) implements Request {
    }

    /** The segments of a {@link Push} whose every entry {@code site} applied. */
    record PushReply(long requestId, BitSet pushed) implements Reply {
    }

    /**
     * An operator's {@code action} on backup site {@code site} of {@code cache}, from the member that took the
     * admin request to every member of its site (itself included). {@code pushId} names the state transfer a
     * bring-online or push-state may start: every member's pushes carry it, so the receiving site takes one
     * epoch for them all.
     */
    record BackupControl(long requestId, String cache, String site, BackupAction action, long pushId)
            implements Request {
    }

    /** What a member did about a {@link BackupControl}, in one line. */
    record BackupControlReply(long requestId, String outcome) implements Reply {
    }

    /**
     * From a member whose grid stops (its member may stay in the view a while longer): what the others asked of it
     * will not be answered, so they fail it at once, and fail what they would ask of it until it speaks again.
     */
    record Stopped() implements GridMessage {
    }

    /**
     * From a member that passed the tracking bound of offline site {@code site}: every member stops tracking the
     * keys changed for it (bringing it online then takes a full state transfer).
     */
    record StopTracking(String cache, String site) implements GridMessage {
    }

    /**
     * A chunk of a state transfer to another site (grid.md, "State transfer"): the sender's entries of
     * {@code segment} (of {@code segments}) at positions from {@code from} up to {@code next} (exclusive; -1: to
     * the segment's end), tombstones included. The receiving site makes that range hold them: it merges each,
     * and removes its keys of the range the sender does not hold, unless written after the push began. Sent to
     * the site master, answered with a {@link SiteBackupReply}. Travels through the relay.
     */
    record SitePush(long requestId, String cache, long pushId, int segments, int segment, long from, long next,
                    List<Map.Entry<StoredKey, StoredEntry>> entries) implements GridMessage {
    }

    /**
     * A {@link SitePush} chunk from {@code fromSite}, for the receiver to apply as the segment's primary;
     * {@code epoch} is the receiving site's HLC time when the push began (keys written later stay).
     */
    record PushRange(long requestId, String cache, String fromSite, long epoch, int segment, long from, long next,
                     List<Map.Entry<StoredKey, StoredEntry>> entries) implements Request {
    }
}
