package io.xsite.relay;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.internal.bridge.BridgeMember;
import io.xsite.relay.internal.bridge.SiteMasters;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who of a site is on the bridge: its site master and its standby, and nobody who is still joining. A member of
 * the bridge cluster that is no relay node watches every bridge view.
 */
class BridgeMembershipTest {
    @RegisterExtension
    final TwoRouters routers = new TwoRouters();
    private List<BridgeConfig> bridge;
    private Member watcher;
    private final Set<UuidAddress> seenOnBridge = ConcurrentHashMap.newKeySet();
    private final List<RelayNode> joiners = new ArrayList<>();

    @BeforeEach
    void start() {
        bridge = List.of(routers.bridge("bridge"));
        watcher = Member.start(MemberConfig.loopback("bridge", "watcher").withSite("watch")
                .withTunnel(bridge.get(0).routers()).withDiscovery(null).withAdminPort(-1));
        watcher.addViewListener(view -> seenOnBridge.addAll(view.members()));
    }

    @AfterEach
    void stop() {
        RelayNode.closeAll(joiners);
        watcher.close();
    }

    @Test
    void membersJoiningASiteNeverAppearOnTheBridge() {
        List<RelayNode> sfc = routers.sites().start("sfc", 1, 1, bridge, List.of());
        List<RelayNode> nyc = routers.sites().start("nyc", 2, 1, bridge, List.of());
        await("nyc's site master and standby are on the bridge").atMost(ofSeconds(20))
                .untilAsserted(() -> assertThat(onBridge("nyc")).hasSize(2));
        assertThat(onBridge("nyc")).allSatisfy(m -> assertThat(nyc).anyMatch(n -> BridgeMember.belongsTo(m, n.address())));

        String existing = nyc.stream().map(n -> "127.0.0.1:" + n.physicalAddress().getPort())
                .collect(Collectors.joining(","));
        List<Boolean> roleChanges = new CopyOnWriteArrayList<>();
        for (int i = 2; i < 4; i++) {
            RelayNode joiner = RelayNode.start(RelayConfig.DEFAULTS.withSite("nyc").withBridges(bridge).withAdminPort(-1)
                    .withMember(MemberConfig.loopback("nyc", "nyc" + i)
                            .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0)))
                            .withDiscovery(DiscoveryConfig.parse("static:" + existing))));
            joiner.addRelayListener(new RelayListener() {
                @Override
                public void onSiteMasterChanged(boolean siteMaster) {
                    roleChanges.add(siteMaster);
                }
            });
            joiners.add(joiner);
        }
        List<RelayNode> all = Stream.of(sfc, nyc, joiners).flatMap(List::stream).toList();
        await("the joiners are in nyc, as every node sees it").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "nyc", 4, "sfc", 1));

        assertThat(onBridge("nyc")).as("nyc's members ever seen on the bridge").hasSize(2)
                .noneMatch(m -> joiners.stream().anyMatch(j -> BridgeMember.belongsTo(m, j.address())));
        assertThat(roleChanges).as("site-master changes of the joiners").isEmpty();
    }

    @Test
    void theStandbyOnTheBridgeTakesOverWhenTheSiteMasterCrashes() {
        List<RelayNode> sfc = routers.sites().start("sfc", 1, 1, bridge, List.of());
        List<RelayNode> nyc = routers.sites().start("nyc", 3, 1, bridge, List.of());
        List<RelayNode> all = Stream.concat(sfc.stream(), nyc.stream()).toList();
        await("topology converges").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "nyc", 3, "sfc", 1));
        UuidAddress masterAddress = sfc.get(0).topology().get("nyc").siteMasters().get(0);
        RelayNode master = nyc.stream().filter(n -> n.address().equals(masterAddress)).findFirst().orElseThrow();
        UuidAddress standbyAddress = SiteMasters.standby(master.localView(), List.of(masterAddress),
                SiteMasters::flagged).orElseThrow();
        await("nyc's standby is on the bridge").atMost(ofSeconds(20)).untilAsserted(() -> {
            assertThat(watcher.view()).as("the watcher's first bridge view").isNotNull();
            assertThat(watcher.view().members()).anyMatch(m -> BridgeMember.belongsTo(m, standbyAddress));
        });

        routers.sites().forget(master);
        master.simulateCrash();

        await("sfc routes to nyc's new site master").atMost(ofSeconds(20)).untilAsserted(() ->
                assertThat(sfc.get(0).topology().get("nyc").siteMasters()).containsExactly(standbyAddress));
    }

    /** The bridge members of {@code site} in any bridge view the watcher installed so far. */
    private Set<UuidAddress> onBridge(String site) {
        return seenOnBridge.stream().filter(m -> site.equals(m.site())).collect(Collectors.toSet());
    }
}
