package io.xsite.relay.probe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import io.xsite.core.member.Member;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The report's text: sorted blocks, one line per missing answer, the count of answers last. */
class ProbeReportTest {
    private static final UuidAddress ASKER = member("nyc0", "nyc");

    @Test
    void blocksAreSortedBySiteThenNameAndMissingAnswersSayWhy() {
        UuidAddress sfc1 = member("sfc1", "sfc");
        UuidAddress nyc1 = member("nyc1", "nyc");
        UuidAddress nyc0 = ASKER;
        UuidAddress nyc2 = member("nyc2", "nyc");
        UuidAddress sfc0 = member("sfc0", "sfc");
        Map<UuidAddress, Reply> replies = new LinkedHashMap<>();
        replies.put(sfc1, new Reply(sfc1, Reply.Outcome.UNREACHABLE, null));
        replies.put(nyc1, answered(nyc1, new ProbeAnswer("nyc1", "nyc", "u1", "10.0.0.2:7800", "[nyc0|4] (3)",
                false, "0.1.0", 61_000, Map.of("view", "[nyc0|4] (3) [nyc0, nyc1, nyc2]"))));
        replies.put(nyc0, answered(nyc0, new ProbeAnswer("nyc0", "nyc", "u0", "10.0.0.1:7800", "[nyc0|4] (3)",
                true, "0.1.0", 3_723_000, Map.of("view", "[nyc0|4] (3) [nyc0, nyc1, nyc2]"))));
        replies.put(nyc2, new Reply(nyc2, Reply.Outcome.TIMED_OUT, null));
        replies.put(sfc0, new Reply(sfc0, Reply.Outcome.LEFT, null));

        assertThat(ProbeReport.render(new Replies(7, replies))).isEqualTo("""
                nyc0:nyc [ip=10.0.0.1:7800, view=[nyc0|4] (3), site master, version=0.1.0, uptime=1h 2m 3s]
                view=[nyc0|4] (3) [nyc0, nyc1, nyc2]

                nyc1:nyc [ip=10.0.0.2:7800, view=[nyc0|4] (3), version=0.1.0, uptime=1m 1s]
                view=[nyc0|4] (3) [nyc0, nyc1, nyc2]

                nyc2:nyc: timed out
                sfc0:sfc: left
                sfc1:sfc: unreachable
                2 responses
                """);
    }

    @Test
    void repliesThatAreNoProbeAnswersAreListedNotCounted() {
        UuidAddress plain = member("plain", "nyc");
        UuidAddress failing = member("failing", "nyc");
        Map<UuidAddress, Reply> replies = new LinkedHashMap<>();
        replies.put(plain, new Reply(plain, Reply.Outcome.REPLIED, Message.of(plain, ASKER, "pong".getBytes(UTF_8))));
        replies.put(failing, new Reply(failing, Reply.Outcome.REPLIED,
                new Message(failing, ASKER, Map.of(Member.ERROR_HEADER, "probe request of version 9"), new byte[0])));

        assertThat(ProbeReport.render(new Replies(8, replies)).lines()).containsExactly(
                "failing:nyc: failed to answer: probe request of version 9",
                "plain:nyc: no probe answer (not a probe answer (4 bytes without the XSPA magic))",
                "0 responses");
    }

    @Test
    void noTargetsIsZeroResponses() {
        assertThat(ProbeReport.render(new Replies(9, Map.of()))).isEqualTo("0 responses\n");
    }

    @Test
    void uptimeLeavesOutLeadingZeroUnits() {
        assertThat(ProbeReport.uptime(Duration.ofMillis(999))).isEqualTo("0s");
        assertThat(ProbeReport.uptime(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(ProbeReport.uptime(Duration.ofSeconds(3600))).isEqualTo("1h 0m 0s");
        assertThat(ProbeReport.uptime(Duration.ofDays(2).plusSeconds(5))).isEqualTo("2d 0h 0m 5s");
    }

    private static Reply answered(UuidAddress from, ProbeAnswer answer) {
        return new Reply(from, Reply.Outcome.REPLIED, Message.of(from, ASKER, ProbeCodec.encodeAnswer(answer)));
    }

    private static UuidAddress member(String name, String site) {
        return UuidAddress.siteUuid(UUID.nameUUIDFromBytes(name.getBytes(UTF_8)), name, site, 0);
    }
}
