package io.xsite.cli.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.relay.RelayNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat console driven through a dumb terminal, as a user at member Temp of sfc would drive it, against
 * nyc (3 nodes) and sfc (2 nodes and Temp) bridged through two real routers.
 */
class ChatConsoleTest {
    private ChatSites sites;
    private List<RelayNode> nyc;
    private List<RelayNode> sfc;
    private RelayNode temp;
    private PipedOutputStream typing;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private Terminal terminal;
    private CompletableFuture<Void> console;

    @BeforeEach
    void startSitesAndConsole() throws IOException {
        sites = new ChatSites();
        nyc = sites.startSite("nyc", 3, 3);
        sfc = sites.startSite("sfc", 3, 2);
        temp = sites.start("sfc", 2, "Temp", false);
        await("both sites and all six members are known everywhere").atMost(ofSeconds(20))
                .untilAsserted(() -> sites.assertTopology("nyc", 3, "sfc", 3));

        typing = new PipedOutputStream();
        terminal = ChatConsole.dumbTerminal(new PipedInputStream(typing, 4096), screen);
        ChatService chat = ChatService.attach(temp, line -> { });
        console = CompletableFuture.runAsync(() -> {
            try {
                ChatConsole.run(chat, terminal, ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        });
        // A user types once the console greeted; input typed before JLine reads may be echoed and lost.
        await("the console greets").atMost(ofSeconds(10)).until(() -> screen().contains("chat as Temp:sfc"));
    }

    @AfterEach
    void stop() throws IOException {
        typing.close();
        terminal.close();
        sites.close();
    }

    @Test
    void aTypedLineReachesEveryMemberAndEveryResponseAndTheSummaryArePrinted() throws Exception {
        type("hello everyone");

        await("the summary of the round").atMost(ofSeconds(15))
                .until(() -> screen().contains("replies ("));
        assertThat(screenLines()).contains("<< hello everyone from Temp:sfc",
                "<< response from nyc0:nyc", "<< response from nyc1:nyc", "<< response from nyc2:nyc",
                "<< response from sfc0:sfc", "<< response from sfc1:sfc", "<< response from Temp:sfc");
        assertThat(screenLines()).filteredOn(line -> line.contains("replies ("))
                .singleElement().asString().matches("6/6 replies \\(nyc 3/3, sfc 3/3\\), slowest \\d+ ms");
        Stream.concat(nyc.stream(), sfc.stream()).forEach(node -> assertThat(sites.printed(node))
                .as("what %s printed", node.address()).contains("<< hello everyone from Temp:sfc"));
    }

    @Test
    void topoListsBothSitesWithPhysicalAddressesMeAndTheSiteMasters() throws Exception {
        type("topo");

        await("the topology is printed").atMost(ofSeconds(10))
                .until(() -> screenLines().stream().filter(line -> line.startsWith("  ")).count() == 6);
        List<String> lines = screenLines();
        assertThat(lines).contains("nyc", "sfc");
        assertThat(lines).filteredOn(line -> line.startsWith("  ")).allMatch(line -> line.matches(
                "  \\S+:(nyc|sfc) \\(127\\.0\\.0\\.1:\\d+\\)( \\(me\\))?( // site master)?"));
        assertThat(lines).filteredOn(line -> line.endsWith("// site master")).hasSize(2);
        assertThat(lines).filteredOn(line -> line.contains("(me)")).singleElement().asString()
                .startsWith("  Temp:sfc (127.0.0.1:").doesNotContain("site master");
        assertThat(lines.indexOf("nyc")).isLessThan(lines.indexOf("sfc"));
    }

    @Test
    void sendtoReachesOneMemberWhichDoesNotAnswer() throws Exception {
        RelayNode target = nyc.get(1);

        type("sendto nyc1:nyc just for you");

        await("nyc1 printed the direct line").atMost(ofSeconds(10))
                .untilAsserted(() -> assertThat(sites.printed(target)).contains("<< just for you from Temp:sfc"));
        type("routes");
        await("routes answered").atMost(ofSeconds(10)).until(() -> screen().contains("n/a (not site master)"));
        Stream.concat(nyc.stream(), sfc.stream()).filter(node -> node != target).forEach(node ->
                assertThat(sites.printed(node)).as("what %s printed", node.address()).isEmpty());
        assertThat(screen()).doesNotContain("<< response from");
    }

    @Test
    void quitEndsTheConsole() throws Exception {
        type("sites");
        await("sites answered").atMost(ofSeconds(10))
                .untilAsserted(() -> assertThat(screenLines()).contains("sites: nyc, sfc"));

        type("quit");

        console.get(10, TimeUnit.SECONDS);
        assertThat(console).isCompleted();
    }

    private void type(String line) throws IOException {
        typing.write((line + "\n").getBytes(UTF_8));
        typing.flush();
    }

    private String screen() {
        return screen.toString(UTF_8);
    }

    private List<String> screenLines() {
        return screen().lines().toList();
    }
}
