package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.topology.MemberInfo;
import io.xsite.relay.topology.SiteView;
import io.xsite.relay.topology.TopologyLimits;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, attack 8: a hostile member speaks for a site it is not. Two real sites (nyc, sfc) bridged through
 * a real router; the attacker, Mallory, is a plain {@link Member} that joins the bridge (site "evil") or nyc's
 * own cluster and sends envelopes it built with {@link RelayCodec}. Each forgery must change nothing at nyc,
 * and nyc must count it as rejected.
 */
class OriginForgeryTest {
    /** The codec of the node these bytes come from or go to. */
    private final RelayCodec codec = new RelayCodec();
    private GossipRouter router;
    private RelaySites sites;
    private final List<Member> attackers = new ArrayList<>();
    private List<RelayNode> nyc;
    private List<RelayNode> sfc;

    @BeforeEach
    void start() {
        router = GossipRouter.start(RouterConfig.loopback());
        sites = new RelaySites();
    }

    @AfterEach
    void stop() {
        attackers.forEach(Member::close);
        sites.close();
        router.close();
    }

    @Test
    void aChatLineWithTheForgedOriginBossOfSfcIsNotDelivered() throws Exception {
        startSites(UnaryOperator.identity());
        RelayNode target = nyc.get(1);
        List<String> inbox = inbox(target);
        Member mallory = joinBridge("evil");

        UuidAddress boss = UuidAddress.siteUuid(UUID.randomUUID(), "boss", "sfc", 0);
        mallory.send(bridgeMemberOf(mallory, "nyc"), codec.encode(data(boss, target, 0x6666_0000_0001L, 1,
                "wire the money"))).get();

        await("nyc rejects the forged line, or delivers it").atMost(ofSeconds(10))
                .until(() -> rejected(nyc, "origin_not_sender_site") >= 1 || !inbox.isEmpty());
        sfc.get(1).send(target.address(), "real".getBytes(UTF_8)).get();
        await("a real line from sfc still arrives").atMost(ofSeconds(10))
                .until(() -> inbox.contains("real from " + sfc.get(1).address()));
        assertThat(inbox).containsExactly("real from " + sfc.get(1).address());
    }

    @Test
    void aForgedTopologyOfSfcWithAHigherVersionLeavesNycsViewOfSfcAlone() throws Exception {
        startSites(UnaryOperator.identity());
        Map<RelayNode, SiteView> before = nyc.stream().collect(Collectors.toMap(n -> n, n -> n.topology().get("sfc")));
        Member mallory = joinBridge("evil");

        UuidAddress intruder = UuidAddress.siteUuid(UUID.randomUUID(), "intruder", "sfc", 0);
        SiteView forged = new SiteView("sfc", Long.MAX_VALUE, List.of(new MemberInfo(intruder, "10.6.6.6:7800")),
                List.of(intruder));
        mallory.send(bridgeMemberOf(mallory, "nyc"), codec.encode(new Envelope.Topology(forged, List.of("sfc"))))
                .get();

        await("nyc rejects the forged view, or takes it").atMost(ofSeconds(10))
                .until(() -> rejected(nyc, "origin_not_sender_site") >= 1
                        || nyc.stream().anyMatch(n -> !before.get(n).equals(n.topology().get("sfc"))));
        nyc.forEach(n -> assertThat(n.topology().get("sfc")).as("sfc seen by %s", n.address())
                .isEqualTo(before.get(n)));
    }

    @Test
    void forgedUnreachableAndSiteDownNoticesGiveUpNothing() throws Exception {
        startSites(UnaryOperator.identity());
        RelayNode here = nyc.get(1);
        RelayNode there = sfc.get(1);
        List<String> events = new CopyOnWriteArrayList<>();
        here.addRelayListener(new RelayListener() {
            @Override
            public void onSiteDown(String site) {
                events.add("down " + site);
            }

            @Override
            public void onMemberUnreachable(UuidAddress member) {
                events.add("unreachable " + member);
            }
        });
        List<String> atThere = inbox(there);
        List<String> atHere = inbox(here);
        sendLines(here, there, "out", 0, 5);
        await().atMost(ofSeconds(10)).until(() -> atThere.size() == 5);
        Member mallory = joinBridge("evil");

        UuidAddress nycBridge = bridgeMemberOf(mallory, "nyc");
        Route toHere = Route.from(sfc.get(0).address(), new Destination.Member(here.address()));
        mallory.send(nycBridge, codec.encode(new Envelope.MemberUnreachable(toHere, there.address()))).get();
        mallory.send(nycBridge, codec.encode(new Envelope.SiteDown("sfc", List.of("sfc")))).get();

        await("nyc rejects both notices, or acts on one").atMost(ofSeconds(10))
                .until(() -> rejected(nyc, "origin_not_sender_site") >= 2 || !events.isEmpty());
        assertThat(events).isEmpty();
        sendLines(here, there, "out", 5, 10);
        sendLines(there, here, "back", 0, 10);
        await("both streams go on, in order").atMost(ofSeconds(15)).untilAsserted(() -> {
            assertThat(atThere).containsExactlyElementsOf(lines("out", here, 0, 10));
            assertThat(atHere).containsExactlyElementsOf(lines("back", there, 0, 10));
        });
        assertThat(counter(List.of(here), "xsite_relay_undelivered_reported_total")).isZero();
    }

    @Test
    void aForgedEpochDoesNotRetireTheRealStream() throws Exception {
        startSites(UnaryOperator.identity());
        RelayNode here = nyc.get(1);
        RelayNode there = sfc.get(1);
        List<String> atHere = inbox(here);
        sendLines(there, here, "line", 0, 5);
        await().atMost(ofSeconds(10)).until(() -> atHere.size() == 5);
        Member mallory = joinBridge("evil");

        // Another incarnation's epoch: the receiver would retire the real one and drop all that follows.
        mallory.send(bridgeMemberOf(mallory, "nyc"), codec.encode(data(there.address(), here,
                0x6666_6666_0000_0001L, 1, "forged"))).get();
        await("nyc rejects the forged element, or takes it").atMost(ofSeconds(10))
                .until(() -> rejected(nyc, "origin_not_sender_site") >= 1 || atHere.size() > 5);

        sendLines(there, here, "line", 5, 10);
        await("the real stream goes on").atMost(ofSeconds(15))
                .untilAsserted(() -> assertThat(atHere).containsExactlyElementsOf(lines("line", there, 0, 10)));
    }

    @Test
    void aMemberOfNycCannotSpeakForAnotherSiteNorSendSiteViews() throws Exception {
        startSites(UnaryOperator.identity());
        RelayNode target = nyc.get(1);
        List<String> inbox = inbox(target);
        SiteView before = target.topology().get("sfc");
        String hosts = nyc.stream().map(n -> "127.0.0.1:" + n.physicalAddress().getPort())
                .collect(Collectors.joining(","));
        Member mallory = attacker(MemberConfig.loopback("nyc", "mallory").withSite("nyc")
                .withDiscovery(DiscoveryConfig.parse("static:" + hosts)).withSiteMasterEligible(false));
        await("mallory joined nyc").atMost(ofSeconds(15))
                .until(() -> mallory.view() != null && mallory.view().contains(target.address()));

        UuidAddress boss = UuidAddress.siteUuid(UUID.randomUUID(), "boss", "sfc", 0);
        mallory.send(target.address(), codec.encode(data(boss, target, 0x6666_0000_0001L, 1, "wire the money")),
                RelayEngine.marker(Envelope.Kind.DATA)).get();
        UuidAddress intruder = UuidAddress.siteUuid(UUID.randomUUID(), "intruder", "sfc", 0);
        SiteView forged = new SiteView("sfc", Long.MAX_VALUE, List.of(new MemberInfo(intruder, "10.6.6.6:7800")),
                List.of(intruder));
        mallory.send(target.address(), codec.encode(new Envelope.Topology(forged, List.of())),
                RelayEngine.marker(Envelope.Kind.TOPOLOGY)).get();

        await("nyc1 rejects both, or takes one").atMost(ofSeconds(10))
                .until(() -> rejected(List.of(target), "origin_not_local") >= 1
                        && rejected(List.of(target), "not_site_master") >= 1
                        || !inbox.isEmpty() || !target.topology().get("sfc").equals(before));
        assertThat(inbox).isEmpty();
        assertThat(target.topology().get("sfc")).isEqualTo(before);
    }

    @Test
    void aSiteViewBeyondTheLimitsIsRejected() throws Exception {
        startSites(UnaryOperator.identity());
        Member mallory = joinBridge("evil");
        UuidAddress nycBridge = bridgeMemberOf(mallory, "nyc");

        List<MemberInfo> crowd = IntStream.rangeClosed(0, TopologyLimits.DEFAULTS.maxSiteMembers())
                .mapToObj(i -> new MemberInfo(UuidAddress.siteUuid(UUID.randomUUID(), "m" + i, "evil", 0), ""))
                .toList();
        mallory.send(nycBridge, codec.encode(new Envelope.Topology(
                new SiteView("evil", 1, crowd, List.of()), List.of("evil")))).get();
        UuidAddress stolen = sfc.get(0).address();
        mallory.send(nycBridge, codec.encode(new Envelope.Topology(
                new SiteView("evil", 2, List.of(new MemberInfo(stolen, "")), List.of()), List.of("evil")))).get();

        await("nyc rejects both views, or takes one").atMost(ofSeconds(10))
                .until(() -> rejected(nyc, "too_many_members") >= 1 && rejected(nyc, "bad_site_view") >= 1
                        || nyc.stream().anyMatch(n -> n.topology().containsKey("evil")));
        nyc.forEach(n -> assertThat(n.topology()).as("sites seen by %s", n.address()).containsOnlyKeys("nyc", "sfc"));
    }

    @Test
    void aSiteBeyondMaxSitesIsRejected() throws Exception {
        startSites(config -> config.withLimits(new TopologyLimits(2, 1024)));
        Member mallory = joinBridge("evil");

        SiteView evil = new SiteView("evil", 1, List.of(new MemberInfo(mallory.address(), "")), List.of());
        mallory.send(bridgeMemberOf(mallory, "nyc"), codec.encode(new Envelope.Topology(evil, List.of("evil"))))
                .get();

        await("nyc refuses a third site, or takes it").atMost(ofSeconds(10))
                .until(() -> rejected(nyc, "too_many_sites") >= 1
                        || nyc.stream().anyMatch(n -> n.topology().containsKey("evil")));
        nyc.forEach(n -> assertThat(n.topology()).as("sites seen by %s", n.address()).containsOnlyKeys("nyc", "sfc"));
    }

    private void startSites(UnaryOperator<RelayConfig> adjust) {
        List<BridgeConfig> bridge = List.of(new BridgeConfig("bridge", List.of(router.address())));
        nyc = sites.start("nyc", 2, 1, bridge, List.of(), -1, adjust);
        sfc = sites.start("sfc", 2, 1, bridge, List.of(), -1, adjust);
        List<RelayNode> all = Stream.concat(nyc.stream(), sfc.stream()).toList();
        await("topology converges").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "nyc", 2, "sfc", 2));
    }

    /** Mallory in the bridge, with a bridge member's address of {@code site}, once she sees nyc and sfc there. */
    private Member joinBridge(String site) {
        Member mallory = attacker(MemberConfig.loopback("bridge", "_mallory").withSite(site)
                .withTunnel(List.of(router.address())).withDiscovery(null).withSiteMasterEligible(false));
        await("mallory joined the bridge").atMost(ofSeconds(15)).until(() -> mallory.view() != null
                && mallory.view().members().stream().map(UuidAddress::site).toList()
                        .containsAll(List.of("nyc", "sfc")));
        return mallory;
    }

    private Member attacker(MemberConfig config) {
        Member member = Member.start(config);
        attackers.add(member);
        return member;
    }

    private static UuidAddress bridgeMemberOf(Member mallory, String site) {
        return mallory.view().members().stream().filter(m -> site.equals(m.site())).findFirst().orElseThrow();
    }

    private static Envelope.Data data(UuidAddress origin, RelayNode to, long epoch, long seq, String text) {
        return new Envelope.Data(Route.from(origin, new Destination.Member(to.address())), epoch, seq, seq,
                AppPayload.message(text.getBytes(UTF_8)));
    }

    private static List<String> inbox(RelayNode node) {
        List<String> inbox = new CopyOnWriteArrayList<>();
        node.addMessageListener(m -> inbox.add(new String(m.payload(), UTF_8) + " from " + m.sender()));
        return inbox;
    }

    private static void sendLines(RelayNode from, RelayNode to, String prefix, int first, int end) throws Exception {
        for (int n = first; n < end; n++) {
            from.send(to.address(), (prefix + " " + n).getBytes(UTF_8)).get();
        }
    }

    private static List<String> lines(String prefix, RelayNode from, int first, int end) {
        return IntStream.range(first, end).mapToObj(n -> prefix + " " + n + " from " + from.address()).toList();
    }

    private static double rejected(List<RelayNode> nodes, String reason) {
        return nodes.stream().flatMap(n -> n.metricsText().lines())
                .filter(line -> line.startsWith("xsite_relay_envelopes_rejected_total{")
                        && line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static double counter(List<RelayNode> nodes, String name) {
        return nodes.stream().flatMap(n -> n.metricsText().lines())
                .filter(line -> line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
