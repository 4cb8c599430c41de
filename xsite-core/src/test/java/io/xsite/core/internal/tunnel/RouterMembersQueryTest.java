package io.xsite.core.internal.tunnel;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.IpAddress;
import io.xsite.core.transport.tunnel.RouterUnreachableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterMembersQueryTest {

    @Test
    void listsTheMembersOfOneGroupAsAJGroupsRouterReportsThem() throws Exception {
        try (JGroupsRouter router = JGroupsRouter.start();
             JGroupsMember a = JGroupsMember.register(router.address(), "bridge", "_nyc1:nyc", 7801);
             JGroupsMember b = JGroupsMember.register(router.address(), "bridge", "_sfc1:sfc", 7802);
             JGroupsMember other = JGroupsMember.register(router.address(), "other", "X", 7803)) {

            await("the router lists both bridge members").atMost(ofSeconds(5)).untilAsserted(() -> {
                List<RouterMember> members = RouterMembersQuery.query(router.address(), "bridge", ofSeconds(2));
                assertThat(members).extracting(RouterMember::group).containsOnly("bridge");
                assertThat(members).extracting(m -> m.ping().sender())
                        .containsExactlyInAnyOrder(a.address(), b.address());
                assertThat(members).extracting(m -> m.ping().logicalName())
                        .containsExactlyInAnyOrder("_nyc1:nyc", "_sfc1:sfc");
                assertThat(members).extracting(m -> m.ping().physical()).contains(
                        new IpAddress(InetAddress.getByName("127.0.0.1"), 7801));
            });
        }
    }

    @Test
    void aQueryForEveryGroupStripsTheAllGroupsPrefix() throws Exception {
        try (JGroupsRouter router = JGroupsRouter.start();
             JGroupsMember a = JGroupsMember.register(router.address(), "bridge", "A", 7801);
             JGroupsMember x = JGroupsMember.register(router.address(), "other", "X", 7803)) {

            await("the router lists the members of both groups").atMost(ofSeconds(5)).untilAsserted(() -> {
                List<RouterMember> members = RouterMembersQuery.query(router.address(), null, ofSeconds(2));
                assertThat(members).extracting(RouterMember::group, m -> m.ping().sender())
                        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("bridge", a.address()),
                                org.assertj.core.groups.Tuple.tuple("other", x.address()));
            });
        }
    }

    @Test
    void anUnknownGroupYieldsAnEmptyListAfterTheTimeout() throws Exception {
        try (JGroupsRouter router = JGroupsRouter.start()) {
            long start = System.nanoTime();

            List<RouterMember> members = RouterMembersQuery.query(router.address(), "nobody", ofMillis(300));

            assertThat(members).isEmpty();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(ofMillis(300).toNanos());
        }
    }

    @Test
    void aRouterThatIsNotListeningIsReportedUnreachableByHostAndPort() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        assertThatThrownBy(() -> RouterMembersQuery.query(new InetSocketAddress("127.0.0.1", port), "bridge",
                ofSeconds(2)))
                .isInstanceOf(RouterUnreachableException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }
}
