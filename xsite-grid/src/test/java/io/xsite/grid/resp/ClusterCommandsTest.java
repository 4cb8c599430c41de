package io.xsite.grid.resp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.grid.ClientTopology;
import io.xsite.grid.ClientTopology.Node;
import io.xsite.grid.HashSlot;
import io.xsite.grid.InMemoryGrid;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What cluster clients are told, without sockets: a site of A, B and C with 4 segments (4,096 slots each), as A
 * sees it. Segments 0 and 1 are A's (backups B and C), 2 is B's (backup A), 3 is C's (backup B).
 */
class ClusterCommandsTest {
    private static final Node A = node("a", 6379);
    private static final Node B = node("b", 6380);
    private static final Node C = node("c", 6381);
    private static final ClientTopology TOPOLOGY = new ClientTopology(4, A, List.of(A, B, C),
            List.of(List.of(A, B), List.of(A, C), List.of(B, A), List.of(C, B)));

    private final ClusterCommands cluster = new ClusterCommands(() -> Optional.of(TOPOLOGY));
    private final CommandTable table = new CommandTable(Stream.concat(cluster.commands().stream(),
            new KeyCommands(System::currentTimeMillis).commands().stream()).toList(), cluster);
    private final RespSession session = new RespSession(1, "test", true, new InMemoryGrid(List.of("default"),
            Runnable::run, System::currentTimeMillis).cache("default").stream().toList());

    private static Node node(String name, int port) {
        return new Node(ClientTopology.idOf(name.hashCode(), port), name, new InetSocketAddress("127.0.0.1", port));
    }

    private Reply run(String... arguments) {
        List<byte[]> bytes = Arrays.stream(arguments).map(a -> a.getBytes(UTF_8)).toList();
        return table.execute(session, new RespFrame.Request(bytes, 0)).toCompletableFuture().join();
    }

    private static String keyIn(int segment) {
        return IntStream.range(0, 10_000).mapToObj(i -> "key:" + i)
                .filter(key -> HashSlot.segment(HashSlot.of(key.getBytes(UTF_8)), 4) == segment)
                .findFirst().orElseThrow();
    }

    private static int slotOf(String key) {
        return HashSlot.of(key.getBytes(UTF_8));
    }

    private Optional<Reply> redirect(String... arguments) {
        List<byte[]> bytes = Arrays.stream(arguments).map(a -> a.getBytes(UTF_8)).toList();
        return cluster.redirect(session, new RespFrame.Request(bytes, 0), bytes.size() > 2 ? Command.Keys.PAIRS
                : Command.Keys.ONE);
    }

    @Test
    void clusterNodesGivesEachMasterItsSlotsWithNeighbouringRangesMerged() {
        String nodes = new String(((Reply.Bulk) run("CLUSTER", "NODES")).bytes(), UTF_8);
        assertThat(nodes.split("\n")).containsExactly(
                A.id() + " 127.0.0.1:6379@0 myself,master - 0 0 0 connected 0-8191",
                B.id() + " 127.0.0.1:6380@0 master - 0 0 0 connected 8192-12287",
                C.id() + " 127.0.0.1:6381@0 master - 0 0 0 connected 12288-16383");
    }

    @Test
    void clusterSlotsListsEachRangesPrimaryThenItsBackup() {
        Reply.Array slots = (Reply.Array) run("CLUSTER", "SLOTS");
        assertThat(slots.items()).hasSize(4);
        assertThat(wire(slots.items().get(2))).isEqualTo(wire(new Reply.Array(List.of(new Reply.Int(8192),
                new Reply.Int(12287), endpoint(B), endpoint(A)))));
    }

    /** {@code reply} as RESP2 text (bulk strings hold arrays, which records compare by identity). */
    private static String wire(Reply reply) {
        ByteBuf out = Unpooled.buffer();
        try {
            ReplyWriter.write(reply, 2, out);
            return out.toString(UTF_8);
        } finally {
            out.release();
        }
    }

    private static Reply endpoint(Node node) {
        return new Reply.Array(List.of(Reply.bulk("127.0.0.1"), new Reply.Int(node.resp().getPort()),
                Reply.bulk(node.id())));
    }

    @Test
    void onlyAClientThatAskedForTheTopologyIsMoved() {
        String bs = keyIn(2);
        assertThat(redirect("GET", bs)).as("a plain client: forwarded").isEmpty();

        run("CLUSTER", "SLOTS");
        assertThat(redirect("GET", bs)).contains(Reply.error("MOVED " + slotOf(bs) + " 127.0.0.1:6380"));
        assertThat(redirect("GET", keyIn(0))).as("A's own key").isEmpty();
        assertThat(run("GET", bs)).isEqualTo(Reply.error("MOVED " + slotOf(bs) + " 127.0.0.1:6380"));
    }

    @Test
    void keysInDifferentSlotsAreForwardedNotRefused() {
        run("CLUSTER", "NODES");
        String bs = keyIn(2);
        String cs = keyIn(3);
        assertThat(redirect("MSET", bs, "1", cs, "2")).isEmpty();
        assertThat(redirect("MSET", "{" + bs + "}a", "1", "{" + bs + "}b", "2"))
                .contains(Reply.error("MOVED " + slotOf(bs) + " 127.0.0.1:6380"));
    }

    @Test
    void aReadOnlyClientIsServedWhereverThisMemberHasACopy() {
        assertThat(run("READONLY")).isEqualTo(Reply.OK);
        assertThat(redirect("GET", keyIn(2))).as("A is segment 2's backup").isEmpty();
        assertThat(redirect("GET", keyIn(3))).contains(Reply.error("MOVED " + slotOf(keyIn(3)) + " 127.0.0.1:6381"));
    }

    @Test
    void keySlotAndInfoAnswerAsRedisDoes() {
        assertThat(run("CLUSTER", "KEYSLOT", "somekey")).isEqualTo(new Reply.Int(11058));
        assertThat(wire(run("CLUSTER", "MYID"))).isEqualTo("$40\r\n" + A.id() + "\r\n");
        assertThat(new String(((Reply.Bulk) run("CLUSTER", "INFO")).bytes(), UTF_8))
                .contains("cluster_state:ok\r\n", "cluster_slots_assigned:16384\r\n", "cluster_known_nodes:3\r\n",
                        "cluster_size:3\r\n");
    }
}
