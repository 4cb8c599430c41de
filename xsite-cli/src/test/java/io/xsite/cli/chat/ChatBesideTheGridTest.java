package io.xsite.cli.chat;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.grid.xsite.RelaySiteLink;
import io.xsite.relay.RelayNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chat shares its node with the grid, whose messages look like chat lines when their first byte happens to be
 * a chat kind: it must neither print nor answer them (the demo once answered every such grid message).
 */
class ChatBesideTheGridTest {
    @Test
    void gridMessagesAreNeitherPrintedNorAnswered() {
        try (ChatSites sites = new ChatSites()) {
            List<RelayNode> nyc = sites.startSite("nyc", 2, 2);
            RelayNode sender = nyc.get(0);
            RelayNode receiver = nyc.get(1);
            await("one view of both").atMost(ofSeconds(30)).until(() -> nyc.stream().allMatch(node ->
                    node.localView() != null && node.localView().size() == 2));
            byte[] lineKind = new ChatPayload(ChatPayload.Kind.LINE, "grid bytes").encode();
            byte[] marked = new byte[RelaySiteLink.MARK.length + lineKind.length];
            System.arraycopy(RelaySiteLink.MARK, 0, marked, 0, RelaySiteLink.MARK.length);
            System.arraycopy(lineKind, 0, marked, RelaySiteLink.MARK.length, lineKind.length);

            sender.localMember().send(receiver.address(), lineKind, Map.of("xsite-grid", "1")).join();
            sender.send(receiver.address(), marked).join();
            sender.localMember().send(receiver.address(), new ChatPayload(ChatPayload.Kind.DIRECT, "after").encode())
                    .join();

            await("the bare chat line after them").atMost(ofSeconds(10))
                    .until(() -> sites.printed(receiver).stream().anyMatch(l -> l.startsWith("<< after from ")));
            assertThat(sites.printed(receiver)).as("what the receiver printed").singleElement()
                    .satisfies(line -> assertThat(line).startsWith("<< after from "));
            assertThat(sites.printed(sender)).as("no answer came back").isEmpty();
        }
    }
}
