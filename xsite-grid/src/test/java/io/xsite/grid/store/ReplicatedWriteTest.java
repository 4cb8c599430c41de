package io.xsite.grid.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.WriteResult;
import io.xsite.grid.store.GridMessage.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicatedWriteTest {
    private static final UuidAddress ORIGIN = UuidAddress.randomUuid();
    private static final UuidAddress OTHER = UuidAddress.randomUuid();
    private static final ViewStamp VIEW = new ViewStamp(3, 1, 2);
    private static final WriteResult RESULT = new WriteResult(true, Optional.empty(), 0);

    private final List<Answer> toOrigin = new ArrayList<>();

    private ReplicatedWrite forwardedBy(UuidAddress member) {
        return ReplicatedWrite.of(new OperationId(1, 2, 3), StoredKey.of("k".getBytes(StandardCharsets.UTF_8)), 0,
                RESULT, true, member == null ? null : new Forwarded(member, 42), toOrigin::add);
    }

    @Test
    void aCopyToTheForwardingMemberAnswersItsClientWhenItIsTheLastOwnerAwaited() {
        ReplicatedWrite write = forwardedBy(ORIGIN);
        write.awaitIn(VIEW, Set.of(ORIGIN));

        assertThat(write.answeredBy(ORIGIN)).isEqualTo(42);
        assertThat(write.answeredBy(OTHER)).isZero();
    }

    @Test
    void noCopyAnswersWhileAnotherOwnerOrABackupSiteIsAwaitedOrNobodyForwarded() {
        ReplicatedWrite twoOwners = forwardedBy(ORIGIN);
        twoOwners.awaitIn(VIEW, Set.of(ORIGIN, OTHER));
        ReplicatedWrite withSites = forwardedBy(ORIGIN);
        withSites.awaitSites();
        withSites.awaitIn(VIEW, Set.of(ORIGIN));
        ReplicatedWrite local = forwardedBy(null);
        local.awaitIn(VIEW, Set.of(ORIGIN));

        assertThat(twoOwners.answeredBy(ORIGIN)).isZero();
        assertThat(withSites.answeredBy(ORIGIN)).isZero();
        assertThat(local.answeredBy(ORIGIN)).isZero();
    }

    @Test
    void aWriteAnsweredByItsCopyIsNotAnsweredAgainButItsRetriesAre() {
        ReplicatedWrite write = forwardedBy(ORIGIN);
        List<Answer> retry = new ArrayList<>();
        write.join(retry::add);
        write.awaitIn(VIEW, Set.of(ORIGIN));

        write.answeredByOrigin();
        assertThat(write.stored(ORIGIN)).isTrue();
        write.answer(write.outcome());

        assertThat(toOrigin).isEmpty();
        assertThat(retry).containsExactly(new Answer.Written(RESULT));
    }
}
