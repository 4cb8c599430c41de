package io.xsite.relay;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import io.xsite.net.loop.EventLoops;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.internal.bridge.BridgeMember;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The role of one relay engine on the bridges as its local views make it site master, standby or neither. The
 * views are the test's own (the other members of the site exist only in them); the bridge is real, through a
 * router, watched by a member of the bridge cluster that is no relay node.
 */
class BridgeRoleTest {
    private static final String SITE = "nyc";

    private GossipRouter router;
    private Member watcher;
    private EventLoopGroup relayLoop;
    private EventLoop relayThread;
    private Member local;
    private RelayEngine engine;
    private final UuidAddress nyc1 = eligible("nyc1");
    private final UuidAddress nyc2 = eligible("nyc2");
    private long viewSequence;

    @BeforeEach
    void start() {
        router = GossipRouter.start(RouterConfig.loopback());
        List<BridgeConfig> bridge = List.of(new BridgeConfig("bridge", List.of(router.address())));
        watcher = Member.start(MemberConfig.loopback("bridge", "watcher").withSite("watch")
                .withTunnel(bridge.get(0).routers()).withDiscovery(null).withAdminPort(-1));
        relayLoop = EventLoops.create("bridge-role-test", 1);
        relayThread = relayLoop.next();
        RelayConfig config = RelayConfig.DEFAULTS.withSite(SITE).withMember(MemberConfig.loopback(SITE, "nyc0"))
                .withBridges(bridge).withMaxSiteMasters(1).withAdminPort(-1);
        local = Member.start(config.member(), relayThread, relayThread);
        engine = new RelayEngine(config, local, relayThread, new RelayListeners(), new RelayMetrics(SITE, "nyc0"));
    }

    @AfterEach
    void stop() {
        onRelayThread(() -> engine.bridges()).forEach(BridgeMember::close);
        local.close();
        watcher.close();
        router.close();
        relayLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void losingTheRoleLeavesTheBridgeWithoutBlockingTheRelayThread() {
        // Given: the view makes nyc0 site master; its bridge member joins the bridge.
        installView(local.address(), nyc1, nyc2);
        BridgeMember bridgeMember = onRelayThread(() -> engine.bridges()).get(0);
        await("nyc0's bridge member is on the bridge").atMost(ofSeconds(10))
                .untilAsserted(() -> assertThat(onBridge()).contains(bridgeMember.address()));

        // A view in which nyc0 is next in line keeps it on the bridge, as the standby, with the same bridge member.
        installView(nyc1, local.address(), nyc2);
        assertThat(onRelayThread(() -> engine.bridges())).as("the standby's bridge members")
                .containsExactly(bridgeMember);

        // When: a view names others as site master and standby.
        Duration handling = installView(nyc1, nyc2, local.address());

        // Then: the engine is off the bridges at once, went on without waiting for the leave (which needs the
        // relay thread: the bridge member runs there), and the bridge member leaves gracefully.
        assertThat(onRelayThread(() -> engine.bridges())).as("bridge members once off the bridges").isEmpty();
        assertThat(handling).as("time the relay thread spent on the view that took the role")
                .isLessThan(Duration.ofMillis(500));
        await("the bridge installs a view without nyc0's bridge member").atMost(ofSeconds(5))
                .untilAsserted(() -> assertThat(onBridge()).doesNotContain(bridgeMember.address()));
    }

    /** Hands the engine a view of {@code members} on the relay thread; how long the engine took. */
    private Duration installView(UuidAddress... members) {
        View view = new View(new ViewId(members[0], ++viewSequence), List.of(members));
        return onRelayThread(() -> {
            long start = System.nanoTime();
            engine.onLocalView(view);
            return Duration.ofNanos(System.nanoTime() - start);
        });
    }

    /** The members of the bridge's view, as the watcher sees it. */
    private List<UuidAddress> onBridge() {
        View view = watcher.view();
        return view == null ? List.of() : view.members();
    }

    private <T> T onRelayThread(Callable<T> task) {
        return relayThread.submit(task).syncUninterruptibly().getNow();
    }

    private static UuidAddress eligible(String name) {
        return UuidAddress.siteUuid(UUID.randomUUID(), name, SITE, UuidAddress.CAN_BECOME_SITE_MASTER);
    }
}
