package io.xsite.cli.stream;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.cli.chat.ChatSites;
import io.xsite.relay.RelayNode;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream from a member of nyc to site sfc, or to one member of it, through two real routers in one JVM,
 * beside the chat that every node runs: every receiver counts every number once and in order and
 * confirms, and the sender reports success only then.
 */
class StreamBetweenSitesTest {
    private ChatSites sites;
    private List<StreamReceiver> sfc;
    private RelayNode sender;
    private final List<String> printed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startTwoSites() {
        sites = new ChatSites();
        sites.startSite("nyc", 2, 1);
        sfc = sites.startSite("sfc", 2, 2).stream().map(StreamReceiver::install).toList();
        sender = sites.start("nyc", 1, "streamer", false);
        await("both sites see each other").atMost(ofSeconds(20))
                .untilAsserted(() -> sites.assertTopology("nyc", 2, "sfc", 2));
    }

    @AfterEach
    void stop() {
        sites.close();
    }

    @Test
    void everyMemberOfTheSiteCountsTheWholeStreamAndConfirmsIt() throws Exception {
        boolean confirmed = new StreamSender(sender, printed::add, new Random(1)).send(StreamTarget.parse("sfc"), 300,
                3000, ofSeconds(20));

        assertThat(confirmed).as("printed: %s", printed).isTrue();
        for (StreamReceiver receiver : sfc) {
            assertThat(receiver.ledger().reports()).singleElement().satisfies(report -> {
                assertThat(report.sender()).isEqualTo("streamer:nyc");
                assertThat(report.distinct()).isEqualTo(300);
                assertThat(report.complete()).isTrue();
            });
        }
        assertThat(printed).filteredOn(line -> line.contains(": complete at ")).hasSize(2);
        assertThat(printed).last().asString().endsWith("2 of 2 receivers confirmed all 300 numbers");
    }

    @Test
    void aStreamToOneMemberReachesOnlyThatMember() throws Exception {
        boolean confirmed = new StreamSender(sender, printed::add, new Random(2))
                .send(StreamTarget.parse("sfc1:sfc"), 50, 1000, ofSeconds(20));

        assertThat(confirmed).as("printed: %s", printed).isTrue();
        assertThat(sfc.get(1).ledger().reports()).singleElement().satisfies(r -> assertThat(r.complete()).isTrue());
        assertThat(sfc.get(0).ledger().reports()).as("sfc0 was not the target").isEmpty();
    }

    @Test
    void aSiteLostDuringTheStreamMissesOnlyNumbersTheSenderWasToldOf() throws Exception {
        StreamSender streamer = new StreamSender(sender, printed::add, new Random(4));
        // Four seconds of numbers: the routers close after the first 500, so most of the stream is sent without
        // them; every number sent after the cut only adds to the wait.
        CompletableFuture<Boolean> confirmed = CompletableFuture.supplyAsync(() -> {
            try {
                return streamer.send(StreamTarget.parse("sfc"), 8_000, 2_000, ofSeconds(5));
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        await("the stream is under way at sfc").atMost(ofSeconds(20)).until(() -> sfc.stream()
                .allMatch(receiver -> receiver.ledger().reports().stream().anyMatch(r -> r.distinct() >= 500)));

        sites.closeRouters();

        assertThat(confirmed.get(60, TimeUnit.SECONDS)).as("printed: %s", printed).isFalse();
        String toldLine = printed.stream().filter(line -> line.contains(": told of ")).findFirst()
                .orElseThrow(() -> new AssertionError("no numbers reported undelivered; printed: " + printed));
        BitSet told = NumberRanges.parse(toldLine.substring(toldLine.lastIndexOf(' ') + 1));
        for (StreamReceiver receiver : sfc) {
            StreamReport report = receiver.ledger().reports().get(0);
            assertThat(report.missing()).as("sfc lost the rest of the stream").isPositive();
            assertThat(report.duplicates() + report.outOfOrder()).isZero();
            BitSet untold = NumberRanges.parse(report.missingNumbers());
            untold.andNot(told);
            assertThat(untold.isEmpty()).as("numbers %s missed without the sender being told (%s)", report.sender(), toldLine)
                    .isTrue();
        }
    }

    @Test
    void aTargetMissingFromTheTopologyFailsWithoutSending() throws Exception {
        boolean confirmed = new StreamSender(sender, printed::add, new Random(3))
                .send(StreamTarget.parse("lax"), 10, 100, Duration.ofMillis(300));

        assertThat(confirmed).isFalse();
        assertThat(printed).containsExactly("stream: no member lax in the topology after 300 ms");
        assertThat(sfc).allSatisfy(receiver -> assertThat(receiver.ledger().reports()).isEmpty());
    }

}
