package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

// Registered members are resources held open only to stay registered; the bodies never name them.
@SuppressWarnings("try")
class RouterDumpCommandTest {
    private static final List<String> TWO_BRIDGE_MEMBERS = List.of(
            "1: bridge: _nyc1:nyc, name=_nyc1, addr=127.0.0.1:54499, server",
            "2: bridge: _sfc1:sfc, name=_sfc1, addr=127.0.0.1:54500, server");

    @Test
    void listsTheMembersOfAnXsiteRouterOneLineEach() throws Exception {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback());
             RegisteredMember sfc = RegisteredMember.register(router.address(), "bridge", "_sfc1", "sfc", 54500);
             RegisteredMember nyc = RegisteredMember.register(router.address(), "bridge", "_nyc1", "nyc", 54499)) {

            CommandRun run = dumpOnceAllRegistered(router.address(), 2);

            assertThat(run.outLines()).isEqualTo(TWO_BRIDGE_MEMBERS);
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void anXsiteRouterAndAJGroupsRouterWithTheSameMembersPrintTheSameLines() throws Exception {
        List<String> fromXsite;
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback());
             RegisteredMember nyc = RegisteredMember.register(router.address(), "bridge", "_nyc1", "nyc", 54499);
             RegisteredMember sfc = RegisteredMember.register(router.address(), "bridge", "_sfc1", "sfc", 54500);
             RegisteredMember local = RegisteredMember.register(router.address(), "nyc", "A", "nyc", 7800)) {
            fromXsite = dumpOnceAllRegistered(router.address(), 3).outLines();
        }
        List<String> fromJGroups;
        try (JGroupsGossipRouter router = JGroupsGossipRouter.start();
             RegisteredMember nyc = RegisteredMember.register(router.address(), "bridge", "_nyc1", "nyc", 54499);
             RegisteredMember sfc = RegisteredMember.register(router.address(), "bridge", "_sfc1", "sfc", 54500);
             RegisteredMember local = RegisteredMember.register(router.address(), "nyc", "A", "nyc", 7800)) {
            fromJGroups = dumpOnceAllRegistered(router.address(), 3).outLines();
        }

        assertThat(fromXsite).startsWith(TWO_BRIDGE_MEMBERS.toArray(String[]::new))
                .contains("3: nyc: A:nyc, name=A, addr=127.0.0.1:7800, server")
                .isEqualTo(fromJGroups);
    }

    @Test
    void aClusterOptionListsOnlyThatCluster() throws Exception {
        try (JGroupsGossipRouter router = JGroupsGossipRouter.start();
             RegisteredMember nyc = RegisteredMember.register(router.address(), "bridge", "_nyc1", "nyc", 54499);
             RegisteredMember local = RegisteredMember.register(router.address(), "nyc", "A", "nyc", 7800)) {
            dumpOnceAllRegistered(router.address(), 2);

            CommandRun run = xsite("router-dump", "--host", "127.0.0.1", "--port", port(router.address()),
                    "--cluster", "nyc");

            assertThat(run.exitCode()).isZero();
            assertThat(run.outLines()).containsExactly("1: nyc: A:nyc, name=A, addr=127.0.0.1:7800, server");
        }
    }

    @Test
    void noMembersIsExitZeroWithANoteOnStderr() {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback())) {
            CommandRun run = xsite("router-dump", "--host", "127.0.0.1", "--port", port(router.address()),
                    "--timeout", "300ms");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEmpty();
            assertThat(run.errLines()).containsExactly("no members registered");
        }
    }

    @Test
    void theRouterCanBeChosenThroughTheEnvironment() throws Exception {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback());
             RegisteredMember nyc = RegisteredMember.register(router.address(), "bridge", "_nyc1", "nyc", 54499)) {
            Map<String, String> env = Map.of("XSITE_ROUTER_DUMP_HOST", "127.0.0.1",
                    "XSITE_ROUTER_DUMP_PORT", port(router.address()));

            await("router-dump finds the member through XSITE_ROUTER_DUMP_*").atMost(ofSeconds(5)).untilAsserted(() ->
                    assertThat(xsite(env, "router-dump").outLines()).containsExactly(TWO_BRIDGE_MEMBERS.get(0)));
        }
    }

    /** Runs router-dump until the router lists {@code count} members (REGISTER is not acknowledged). */
    private static CommandRun dumpOnceAllRegistered(InetSocketAddress router, int count) {
        AtomicReference<CommandRun> last = new AtomicReference<>();
        await("the router lists " + count + " members").atMost(ofSeconds(5)).untilAsserted(() -> {
            CommandRun run = xsite("router-dump", "--host", "127.0.0.1", "--port", port(router));
            last.set(run);
            assertThat(run.exitCode()).isZero();
            assertThat(run.outLines()).hasSize(count);
        });
        return last.get();
    }

    private static String port(InetSocketAddress address) {
        return Integer.toString(address.getPort());
    }
}
