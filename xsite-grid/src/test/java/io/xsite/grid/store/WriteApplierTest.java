package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.grid.Expiry;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridException;
import io.xsite.grid.GridWrite;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The write rules as Redis clients expect them: conditions, expiry, increments. */
class WriteApplierTest {
    private static final long NOW = 1_000_000;

    @Test
    void aConditionalPutAppliesOnlyWhenItsConditionHolds() {
        StoredEntry live = value("a", 3, GridEntry.NO_EXPIRY);
        GridWrite ifAbsent = new GridWrite.Put(bytes("b"), Expiry.never(), GridWrite.Condition.IF_ABSENT, true);
        WriteApplier.Outcome refused = WriteApplier.apply(live, ifAbsent, NOW, 7);
        assertThat(refused.entry()).isNull();
        assertThat(refused.result().applied()).isFalse();
        assertThat(refused.result().previous()).map(e -> new String(e.value(), US_ASCII)).contains("a");

        WriteApplier.Outcome stored = WriteApplier.apply(null, ifAbsent, NOW, 7);
        assertThat(stored.entry().version()).isEqualTo(1);
        assertThat(stored.result().applied()).isTrue();
        GridWrite ifPresent = new GridWrite.Put(bytes("c"), Expiry.never(), GridWrite.Condition.IF_PRESENT, false);
        assertThat(WriteApplier.apply(live, ifPresent, NOW, 8).entry().version()).isEqualTo(4);
    }

    @Test
    void anExpiredEntryCountsAsAbsent() {
        StoredEntry expired = value("a", 3, NOW - 1);
        assertThat(WriteApplier.apply(expired, new GridWrite.Remove(), NOW, 1).result().applied()).isFalse();
        WriteApplier.Outcome incremented = WriteApplier.apply(expired, new GridWrite.Increment(5), NOW, 1);
        assertThat(incremented.result().number()).isEqualTo(5);
        assertThat(incremented.entry().expiresAt()).isEqualTo(GridEntry.NO_EXPIRY);
        assertThat(incremented.entry().version()).as("versions grow across expiry").isEqualTo(4);
    }

    @Test
    void keepTtlKeepsTheExpiryAndAnExpiryInThePastRemoves() {
        StoredEntry expiring = value("a", 1, NOW + 5_000);
        GridWrite keep = new GridWrite.Put(bytes("b"), Expiry.keep(), GridWrite.Condition.ALWAYS, false);
        assertThat(WriteApplier.apply(expiring, keep, NOW, 2).entry().expiresAt()).isEqualTo(NOW + 5_000);
        assertThat(WriteApplier.apply(expiring, GridWrite.put(bytes("b"), Expiry.after(Duration.ofSeconds(2))), NOW, 2)
                .entry().expiresAt()).isEqualTo(NOW + 2_000);
        WriteApplier.Outcome past = WriteApplier.apply(expiring, new GridWrite.SetExpiry(Expiry.at(NOW - 1)), NOW, 2);
        assertThat(past.entry().isTombstone()).isTrue();
        assertThat(past.result().applied()).isTrue();
    }

    @Test
    void anIncrementKeepsTheExpiryAndRefusesWhatRedisRefuses() {
        StoredEntry counter = value("41", 1, NOW + 5_000);
        WriteApplier.Outcome next = WriteApplier.apply(counter, new GridWrite.Increment(1), NOW, 2);
        assertThat(next.result().number()).isEqualTo(42);
        assertThat(new String(next.entry().value(), US_ASCII)).isEqualTo("42");
        assertThat(next.entry().expiresAt()).isEqualTo(NOW + 5_000);
        for (String bad : new String[] {"abc", "+1", "01", " 1", "1.5", "", "99999999999999999999"}) {
            assertThatThrownBy(() -> WriteApplier.apply(value(bad, 1, GridEntry.NO_EXPIRY), new GridWrite.Increment(1),
                    NOW, 2)).as(bad).isInstanceOfSatisfying(GridException.class,
                            e -> assertThat(e.reason()).isEqualTo(GridException.Reason.NOT_AN_INTEGER));
        }
        assertThatThrownBy(() -> WriteApplier.apply(value(Long.toString(Long.MAX_VALUE), 1, GridEntry.NO_EXPIRY),
                new GridWrite.Increment(1), NOW, 2)).isInstanceOfSatisfying(GridException.class,
                        e -> assertThat(e.reason()).isEqualTo(GridException.Reason.OVERFLOW));
    }

    @Test
    void aRemovalLeavesATombstoneNewerThanTheValue() {
        StoredEntry live = value("a", 3, GridEntry.NO_EXPIRY);
        WriteApplier.Outcome removed = WriteApplier.apply(live, new GridWrite.Remove(), NOW, 9);
        assertThat(removed.entry().isTombstone()).isTrue();
        assertThat(removed.entry().newerThan(live)).isTrue();
        assertThat(live.newerThan(removed.entry())).isFalse();
    }

    private static StoredEntry value(String text, long version, long expiresAt) {
        return new StoredEntry(bytes(text), version, version, expiresAt);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(US_ASCII);
    }
}
