package io.xsite.grid.store;

import io.xsite.core.address.UuidAddress;
import io.xsite.grid.WriteResult;
import io.xsite.grid.store.GridMessage.Answer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A write its primary applied and is copying to the segment's other owners; it is answered once every one
 * of them stored it. A retry of the same write joins the waiting answers instead of applying again.
 * Confined to the grid thread.
 */
final class ReplicatedWrite {
    final OperationId id;
    final StoredKey key;
    final int segment;
    final WriteResult result;
    private final List<Consumer<Answer>> answers = new ArrayList<>();
    private final Set<UuidAddress> awaiting = new HashSet<>();
    private ViewStamp view;

    ReplicatedWrite(OperationId id, StoredKey key, int segment, WriteResult result, Consumer<Answer> answer) {
        this.id = id;
        this.key = key;
        this.segment = segment;
        this.result = result;
        answers.add(answer);
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
        return awaiting.remove(owner) && awaiting.isEmpty();
    }

    boolean complete() {
        return awaiting.isEmpty();
    }

    void join(Consumer<Answer> answer) {
        answers.add(answer);
    }

    void answer(Answer answer) {
        answers.forEach(a -> a.accept(answer));
        answers.clear();
    }
}
