package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.GridException;
import io.xsite.grid.WriteResult;
import io.xsite.grid.store.GridMessage.Answer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes its primary applied and is copying to the segments' other owners (and sending to the synchronous
 * backup sites): one client write, or the puts of one {@link GridMessage.PutAll}, which travel to each owner as
 * one {@link GridMessage.Copy} and are answered together. It is answered once every owner stored every entry.
 * A retry of the same write joins the waiting answers instead of applying again. Confined to the grid thread.
 */
final class ReplicatedWrite {
    /** The entries written, each under its write's id, in the order they were applied. */
    final List<Entry> entries;
    /** What the client is told once every owner stored every entry. */
    final WriteResult result;
    /** Whether the owners remember the write's result for retries (a client's write; not a merge from another site). */
    final boolean remembered;
    /** The member that forwarded the client's operation, or null: a copy to it can carry the answer. */
    private final Forwarded forwarded;
    /** The answer that goes back to the forwarding member, if any. */
    private final Consumer<Answer> forwardedAnswer;
    private final List<Consumer<Answer>> answers = new ArrayList<>();
    private final Set<UuidAddress> awaiting = new HashSet<>();
    private ViewStamp view;
    private boolean sitesPending;
    private String siteFailure;

    /** One entry of the write: the key, its segment, and the id and result its owners remember. */
    record Entry(OperationId id, StoredKey key, int segment, WriteResult result) {
    }

    ReplicatedWrite(List<Entry> entries, WriteResult result, boolean remembered, Forwarded forwarded,
                    Consumer<Answer> answer) {
        this.entries = entries;
        this.result = result;
        this.forwarded = forwarded;
        this.forwardedAnswer = forwarded == null ? null : answer;
        this.remembered = remembered;
        answers.add(answer);
    }

    /** A write of one key, answered with its {@code result}. */
    static ReplicatedWrite of(OperationId id, StoredKey key, int segment, WriteResult result, boolean remembered,
                              Forwarded forwarded, Consumer<Answer> answer) {
        return new ReplicatedWrite(List.of(new Entry(id, key, segment, result)), result, remembered, forwarded,
                answer);
    }

    /** Waits for the synchronous backup sites too, until {@link #sitesDone}. */
    void awaitSites() {
        sitesPending = true;
    }

    /** Every synchronous backup site answered; {@code failure}: what the client is told instead of the result. */
    void sitesDone(String failure) {
        sitesPending = false;
        siteFailure = failure;
    }

    /** The answer once complete: the result, or the failure of a backup site. */
    Answer outcome() {
        return siteFailure == null ? new Answer.Written(result)
                : new Answer.Failed(GridException.Reason.UNAVAILABLE, siteFailure);
    }

    /** Starts (again) in {@code view}, waiting for {@code owners}. */
    void awaitIn(ViewStamp stamp, Set<UuidAddress> owners) {
        view = stamp;
        awaiting.clear();
        awaiting.addAll(owners);
    }

    ViewStamp view() {
        return view;
    }

    boolean awaits(UuidAddress owner) {
        return awaiting.contains(owner);
    }

    /** {@code owner} stored the write; true when it was the last one awaited. */
    boolean stored(UuidAddress owner) {
        return awaiting.remove(owner) && complete();
    }

    /** Every owner stored it and every synchronous backup site answered. */
    boolean complete() {
        return awaiting.isEmpty() && !sitesPending;
    }

    /**
     * The request id at {@code owner} of the client's operation that a copy to it answers, else 0. A copy answers
     * only when {@code owner} forwarded the operation and is the last one awaited, with no backup site to wait
     * for: once it stores the copy, every owner holds the write, so it answers its client itself, a hop sooner
     * than the primary's reply would, and the primary sends none ({@link #answeredByOrigin}).
     */
    long answeredBy(UuidAddress owner) {
        return forwarded != null && forwarded.member().equals(owner) && !sitesPending && awaiting.size() == 1
                && awaiting.contains(owner) ? forwarded.requestId() : 0;
    }

    /** The forwarding member stored a copy that answered its client: its answer is not sent again. */
    void answeredByOrigin() {
        answers.remove(forwardedAnswer);
    }

    void join(Consumer<Answer> answer) {
        answers.add(answer);
    }

    void answer(Answer answer) {
        answers.forEach(a -> a.accept(answer));
        answers.clear();
    }
}
