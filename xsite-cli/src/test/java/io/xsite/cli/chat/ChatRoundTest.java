package io.xsite.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The chat payload's wire form and how a round counts replies. */
class ChatRoundTest {
    private static final long MS = 1_000_000;

    @Property
    void everyPayloadSurvivesARoundTrip(@ForAll ChatPayload.Kind kind, @ForAll String text) {
        String wellFormed = new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8);
        ChatPayload payload = new ChatPayload(kind, wellFormed);

        assertThat(ChatPayload.decode(payload.encode())).contains(payload);
    }

    @Test
    void aPayloadOfNoKnownKindIsNotAChatMessage() {
        assertThat(ChatPayload.decode(new byte[0])).isEmpty();
        assertThat(ChatPayload.decode(new byte[] {0, 'h', 'i'})).isEmpty();
        assertThat(ChatPayload.decode(new byte[] {(byte) 0xCA, 'h', 'i'})).isEmpty();
        assertThat(new ChatPayload(ChatPayload.Kind.LINE, "hé").encode()).containsExactly(1, 'h', 0xC3, 0xA9);
    }

    @Test
    void aRoundEndsWhenTheExpectedMembersRepliedOnceEachToThisLine() {
        ChatRound round = new ChatRound("hi", Map.of("nyc", 2, "sfc", 1), 3, 0);
        UuidAddress a = member("A", "nyc");

        round.onResponse(a, "hi", 5 * MS);
        round.onResponse(a, "hi", 6 * MS);
        round.onResponse(member("X", "sfc"), "an older line", 7 * MS);
        round.onResponse(member("X", "sfc"), "hi", 23 * MS);
        assertThat(round.done()).isNotDone();
        round.onResponse(member("B", "nyc"), "hi", 9 * MS);

        assertThat(round.done()).isCompletedWithValueMatching(result ->
                result.summary().equals("3/3 replies (nyc 2/2, sfc 1/1), slowest 23 ms"));
    }

    @Test
    void aRoundFinishedAtTheTimeoutCountsWhatCameAndNothingLater() {
        ChatRound round = new ChatRound("hi", Map.of("nyc", 2, "sfc", 1), 3, 0);
        round.onResponse(member("A", "nyc"), "hi", 4 * MS);

        round.finish();
        round.onResponse(member("B", "nyc"), "hi", 9 * MS);

        assertThat(round.done()).isCompletedWithValueMatching(result -> result.replies() == 1
                && result.summary().equals("1/3 replies (nyc 1/2, sfc 0/1), slowest 4 ms"));
    }

    private static UuidAddress member(String name, String site) {
        return UuidAddress.siteUuid(UUID.randomUUID(), name, site, 0);
    }
}
