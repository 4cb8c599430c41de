package io.xsite.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipCodec;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipType;
import io.xsite.wire.gossip.PingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** GET_MBRS answers split within the count and byte limits, in order, with exactly one LAST at the end. */
class MembersAnswerTest {
    @Property(tries = 200)
    void framesListEveryMemberInOrderWithinTheLimits(@ForAll("groups") Map<String, List<String>> groups,
                                                     @ForAll @IntRange(min = 1, max = 50) int maxPingData,
                                                     @ForAll @IntRange(min = 200, max = 3_000) int maxFrameBytes) {
        MembersAnswer answer = new MembersAnswer(maxPingData, maxFrameBytes);
        List<String> expected = new ArrayList<>();
        groups.forEach((group, names) -> {
            answer.group(group);
            for (String name : names) {
                answer.add(PingData.registered(UuidAddress.randomUuid(), name, TestClient.physical(1)));
                expected.add(group + "/" + name);
            }
        });

        List<GossipData> frames = answer.frames();

        assertThat(frames).isNotEmpty();
        assertThat(frames.get(frames.size() - 1).type()).isEqualTo(GossipType.GET_MBRS_RSP_LAST);
        assertThat(frames.subList(0, frames.size() - 1))
                .allMatch(frame -> frame.type() == GossipType.GET_MBRS_RSP);
        List<String> listed = new ArrayList<>();
        for (GossipData frame : frames) {
            assertThat(frame.pingData()).hasSizeLessThanOrEqualTo(maxPingData);
            if (frame.pingData().size() > 1) {
                assertThat(GossipCodec.encodedSize(frame)).isLessThanOrEqualTo(maxFrameBytes);
            }
            frame.pingData().forEach(ping -> listed.add(frame.group() + "/" + ping.logicalName()));
        }
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void noGroupIsOneEmptyLastResponse() {
        assertThat(new MembersAnswer().frames()).containsExactly(GossipData.membersResponse(null, List.of(), true));
    }

    @Test
    void anEmptyGroupIsOneEmptyLastResponseOfThatGroup() {
        MembersAnswer answer = new MembersAnswer();
        answer.group("g");

        assertThat(answer.frames()).containsExactly(GossipData.membersResponse("g", List.of(), true));
    }

    @Provide
    Arbitrary<Map<String, List<String>>> groups() {
        Arbitrary<String> names = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40);
        return Arbitraries.maps(names, names.list().ofMaxSize(120)).ofMaxSize(4);
    }
}
