package io.xsite.core.member;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TestCertificates;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members of a site on loopback tcp with TLS: they find each other and talk as over plain TCP, while a
 * member of another site, or anything without a certificate of the site, cannot get in (issue #15 attack 7).
 */
class MemberTlsTest {
    @TempDir
    Path dir;

    private TestCertificates pki;
    private ReloadingTls nyc;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void issue() {
        pki = TestCertificates.create(dir, "test-ca");
        nyc = ReloadingTls.start(pki.member("nyc"));
        opened.add(nyc);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void membersOfTheSiteFormAViewAndTalkOverTls() {
        try (LoopbackCluster cluster = new LoopbackCluster("nyc", 3, index -> nyc)) {
            List<Member> members = cluster.startAll();
            awaitViewOf(members, 3);
            List<String> inbox = new CopyOnWriteArrayList<>();
            members.get(2).addMessageListener(message -> inbox.add(new String(message.payload(), UTF_8)));
            members.get(0).send(members.get(2).address(), "over tls".getBytes(UTF_8)).join();
            await("m2 receives the message").atMost(ofSeconds(10)).until(() -> inbox.contains("over tls"));
        }
    }

    @Test
    void aMemberWithAnotherSitesCertificateCannotJoin() {
        ReloadingTls sfc = ReloadingTls.start(pki.member("sfc"));
        opened.add(sfc);
        try (LoopbackCluster cluster = new LoopbackCluster("nyc", 3, index -> index == 2 ? sfc : nyc)) {
            List<Member> members = cluster.startAll();
            awaitViewOf(members.subList(0, 2), 2);
            await("the nyc members refuse the sfc certificate").atMost(ofSeconds(15))
                    .until(() -> metric(members.get(0), "reason=\"not_allowed\"") > 0);
            assertThat(members.get(0).view().members()).doesNotContain(members.get(2).address());
            await("the sfc member forms a view of its own").atMost(ofSeconds(15)).untilAsserted(() -> {
                View alone = members.get(2).view();
                assertThat(alone).isNotNull();
                assertThat(alone.members()).containsExactly(members.get(2).address());
            });
        }
    }

    @Test
    void aStrangerWithoutCertificateClaimingAMembersIdChangesNothing() throws Exception {
        try (LoopbackCluster cluster = new LoopbackCluster("nyc", 2, index -> nyc)) {
            List<Member> members = cluster.startAll();
            awaitViewOf(members, 2);
            Member a = members.get(0);
            UuidAddress b = members.get(1).address();
            try (Socket stranger = new Socket()) {
                stranger.connect(a.physicalAddress());
                DataOutputStream out = new DataOutputStream(stranger.getOutputStream());
                byte[] hello = ("HELLO nyc " + b).getBytes(UTF_8);
                out.writeInt(hello.length);
                out.write(hello);
                out.flush();
                await("A refuses the plain connection").atMost(ofSeconds(15))
                        .until(() -> metric(a, "reason=\"protocol\"") > 0);
            }
            List<String> inbox = new CopyOnWriteArrayList<>();
            a.addMessageListener(message -> inbox.add(new String(message.payload(), UTF_8)));
            members.get(1).send(a.address(), "still B".getBytes(UTF_8)).join();
            await("B's messages still reach A").atMost(ofSeconds(10)).until(() -> inbox.contains("still B"));
            assertThat(a.view().members()).containsExactlyInAnyOrder(a.address(), b);
        }
    }

    @Test
    void aCertificateOfAnotherSiteThanTheConfiguredOneIsAClearError() {
        assertThatThrownBy(() -> Member.start(MemberConfig.loopback("nyc", "m0").withSite("sfc").withTls(nyc)))
                .hasMessageContaining("is in site sfc but its certificate names member:nyc");
    }

    private static void awaitViewOf(List<Member> members, int size) {
        await("a view of " + size).atMost(ofSeconds(20)).untilAsserted(() -> members.forEach(
                member -> assertThat(member.view()).isNotNull().extracting(view -> view.members().size())
                        .isEqualTo(size)));
    }

    private static double metric(Member member, String label) {
        String text = member.adminRoutes().get("/metrics").answer().toCompletableFuture().join().body();
        return text.lines().filter(line -> line.startsWith("xsite_tls_handshake_failures_total")
                        && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
