package io.xsite.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against two real, independent sites (grids of in-memory members, RESP on loopback): home's RESP
 * ports close, the client carries on at the other site, and returns only once its readiness says home caught up.
 * Cross-site backups are not part of these sites: the test plays the backup ({@link #backUp}) and the readiness
 * that reports it.
 */
class FailoverClientTest {
    private static GridSite nyc;
    private static GridSite sfc;

    @BeforeAll
    static void startSites() {
        nyc = new GridSite("nyc", 2, 19);
        sfc = new GridSite("sfc", 1, 20);
    }

    @AfterAll
    static void stopSites() {
        sfc.close();
        nyc.close();
    }

    @Test
    void homeLostThenCaughtUpLosesNoAcknowledgedWriteAndReadsNothingOlderAfterFailBack() {
        AtomicBoolean caughtUp = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        List<FailoverEvent> events = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        try (FailoverClient client = client(events, registry, (home, current) -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(caughtUp.get() ? Readiness.ready("the test backed up")
                    : Readiness.notYet("the test has not backed up yet"));
        })) {
            // given: writes acknowledged at home
            writeAll(client, "before", 0, 200, acknowledged);
            assertThat(client.activeSite()).isEqualTo("nyc");

            // when: every RESP port of home closes, with writes going on
            nyc.stopResp();
            writeAll(client, "during", 200, 400, acknowledged);

            // then: the client switched to sfc, and every write was acknowledged there
            // listeners hear of a switch on the client's event thread, not before the write that caused it returns
            await("the failover is reported").atMost(ofSeconds(20)).untilAsserted(() -> assertThat(events)
                    .extracting(FailoverEvent::to, FailoverEvent::reason)
                    .containsExactly(tuple("sfc", SwitchReason.FAILOVER)));
            assertThat(client.activeSite()).isEqualTo("sfc");
            assertThat(sfc.cache().get(bytes("during-399")).join()).isPresent();
            // a key written at home now gets a newer value at sfc
            client.set("before-0", "newer at sfc").join();
            acknowledged.put("before-0", "newer at sfc");

            // when: home is back but has not caught up, the client stays away
            nyc.startResp();
            await("home is checked").atMost(ofSeconds(10)).until(() -> asked.get() >= 2);
            await("the client stays at sfc").during(ofMillis(600)).atMost(ofSeconds(3))
                    .until(() -> client.activeSite().equals("sfc"));

            // when: home catches up, the client returns
            backUp(acknowledged);
            caughtUp.set(true);
            await("the client returns home").atMost(ofSeconds(10)).until(() -> client.activeSite().equals("nyc"));

            // then: nothing acknowledged is lost, nothing older is read
            acknowledged.forEach((key, value) -> assertThat(client.get(key).join()).as(key).contains(value));
            await("the fail-back is reported").atMost(ofSeconds(20)).untilAsserted(() -> assertThat(events)
                    .extracting(FailoverEvent::to, FailoverEvent::reason)
                    .containsExactly(tuple("sfc", SwitchReason.FAILOVER), tuple("nyc", SwitchReason.FAIL_BACK)));
            assertThat(registry.get("xsite_client_switches").tag("reason", "fail_back").counter().count()).isEqualTo(1);
            assertThat(registry.get("xsite_client_site_active").tag("site", "nyc").gauge().value()).isEqualTo(1);
        } finally {
            nyc.startResp();
        }
    }

    @Test
    void aManualSwitchPinsTheClientUntilItIsSentHome() {
        List<FailoverEvent> events = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FailoverClient client = client(events, registry, HomeReadiness.answersAndWrites())) {
            client.set("manual", "at home").join();

            client.switchTo("sfc").join();
            client.set("manual", "at sfc").join();

            assertThat(sfc.cache().get(bytes("manual")).join()).map(e -> new String(e.value(), UTF_8))
                    .contains("at sfc");
            await("pinned at sfc though home is fine").during(ofMillis(800)).atMost(ofSeconds(3))
                    .until(() -> client.activeSite().equals("sfc"));
            client.switchTo("nyc").join();
            assertThat(client.get("manual").join()).contains("at home");
            await("both switches are reported").atMost(ofSeconds(20)).untilAsserted(() -> assertThat(events)
                    .extracting(FailoverEvent::reason).containsExactly(SwitchReason.MANUAL, SwitchReason.MANUAL));
            assertThat(registry.get("xsite_client_switches").tag("reason", "manual").counters()).hasSize(2);
        }
    }

    private static FailoverClient client(List<FailoverEvent> events, SimpleMeterRegistry registry,
                                         HomeReadiness readiness) {
        return FailoverClient.builder()
                .site("nyc", nyc.endpoints())
                .site("sfc", sfc.endpoints())
                .home("nyc")
                .readiness(readiness)
                .timeouts(ClientTimeouts.DEFAULTS.withResponse(ofSeconds(2)).withHomeCheck(ofMillis(200)))
                .meterRegistry(registry)
                .listener(events::add)
                .build();
    }

    private static void writeAll(FailoverClient client, String prefix, int from, int to, Map<String, String> acked) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String key = prefix + "-" + i;
            String value = "v" + i;
            writes.add(client.set(key, value).thenRun(() -> acked.put(key, value)));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    /** What the cross-site backup does: every key acknowledged at sfc reaches nyc. */
    private static void backUp(Map<String, String> acknowledged) {
        acknowledged.keySet().forEach(key -> sfc.cache().get(bytes(key)).join().ifPresent(
                entry -> nyc.cache().put(bytes(key), entry.value()).join()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
