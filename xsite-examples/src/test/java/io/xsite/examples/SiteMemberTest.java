package io.xsite.examples;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.discovery.LoopbackPorts;
import io.xsite.core.member.Member;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class SiteMemberTest {

    @Test
    void twoMembersJoinOneViewAndHearEachOther() {
        List<Integer> ports = LoopbackPorts.free(2);
        String members = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1);
        Queue<String> heardByA = new ConcurrentLinkedQueue<>();
        Queue<String> heardByB = new ConcurrentLinkedQueue<>();

        try (Member a = SiteMember.join("A", ports.get(0), members, heardByA::add);
             Member b = SiteMember.join("B", ports.get(1), members, heardByB::add)) {
            await("A and B install one view of two").atMost(ofSeconds(30)).untilAsserted(() -> {
                assertThat(a.view()).isNotNull().isEqualTo(b.view());
                assertThat(a.view().members()).containsExactlyInAnyOrder(a.address(), b.address());
            });

            SiteMember.tellEveryone(a, "A: hello").join();
            SiteMember.tellEveryone(b, "B: hello").join();

            await("each hears both, itself included").atMost(ofSeconds(10)).untilAsserted(() -> {
                assertThat(heardByA).containsExactlyInAnyOrder("A: hello", "B: hello");
                assertThat(heardByB).containsExactlyInAnyOrder("A: hello", "B: hello");
            });
        }
    }
}
