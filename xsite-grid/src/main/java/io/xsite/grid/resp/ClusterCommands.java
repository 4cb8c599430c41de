package io.xsite.grid.resp;

import io.xsite.grid.ClientTopology;
import io.xsite.grid.ClientTopology.Node;
import io.xsite.grid.ClientTopology.SlotRange;
import io.xsite.grid.HashSlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Redis Cluster's side of the server (docs/design.md, "Cluster-aware clients"): {@code CLUSTER SLOTS | SHARDS |
 * NODES | INFO | KEYSLOT | MYID}, {@code READONLY}, {@code READWRITE}, and {@code -MOVED} redirects, from the
 * {@link ClientTopology} of database 0's cache. Every member is a master of the slots of the segments it is
 * primary of; in {@code CLUSTER SLOTS} a range also lists the segment's other owners as replicas.
 *
 * <p>Only a connection that asked for the topology ({@code CLUSTER SLOTS}, {@code SHARDS}, {@code NODES}) or
 * said {@code READONLY}/{@code READWRITE} is redirected: it is a cluster client and follows {@code -MOVED}. Every
 * other connection ({@code redis-cli} without {@code -c}, plain clients) has its keys forwarded to their primary,
 * as before; so do requests in other databases, and requests whose keys lie in different slots.
 */
final class ClusterCommands {
    private final Supplier<Optional<ClientTopology>> topology;

    /** @param topology the current topology of database 0's cache; empty while the server has none */
    ClusterCommands(Supplier<Optional<ClientTopology>> topology) {
        this.topology = topology;
    }

    /** The commands, for the {@link CommandTable}. */
    List<Command> commands() {
        return List.of(
                new Command("cluster", -2, false, Command.Keys.NONE, "cluster",
                        "A container for Redis Cluster commands.", "3.0.0", this::cluster),
                new Command("readonly", 1, false, Command.Keys.NONE, "cluster",
                        "Enables read-only queries for a connection to a Redis Cluster replica node.", "3.0.0",
                        (session, request) -> clusterClient(session, true)),
                new Command("readwrite", 1, false, Command.Keys.NONE, "cluster",
                        "Enables read-write queries for a connection to a Redis Cluster replica node.", "3.0.0",
                        (session, request) -> clusterClient(session, false)));
    }

    /**
     * The {@code -MOVED slot host:port} for {@code request} if the session is a cluster client and another member
     * is primary of the slot of all its keys; empty to run it here. {@code READONLY} sessions stay where they are
     * if this member owns a copy of the slot.
     */
    Optional<Reply> redirect(RespSession session, RespFrame.Request request, Command.Keys keys) {
        if (!session.clusterClient() || keys.first() == 0 || session.database() != 0
                || request.argumentCount() < keys.first()) {
            return Optional.empty();
        }
        Optional<ClientTopology> current = topology.get();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        int last = keys.last() < 0 ? request.argumentCount() : Math.min(keys.last(), request.argumentCount());
        int slot = HashSlot.of(request.argument(keys.first()));
        for (int i = keys.first() + keys.step(); i <= last; i += keys.step()) {
            if (HashSlot.of(request.argument(i)) != slot) {
                return Optional.empty();
            }
        }
        ClientTopology map = current.get();
        List<Node> owners = map.segmentOwners().get(HashSlot.segment(slot, map.segments()));
        Node primary = owners.get(0);
        if (primary.equals(map.self()) || session.readOnly() && owners.contains(map.self())) {
            return Optional.empty();
        }
        return Optional.of(Reply.error("MOVED " + slot + " " + primary.hostAndPort()));
    }

    private CompletionStage<Reply> clusterClient(RespSession session, boolean readOnly) {
        session.clusterClient(readOnly);
        return Command.reply(Reply.OK);
    }

    private CompletionStage<Reply> cluster(RespSession session, RespFrame.Request request) {
        String sub = Arguments.keyword(request.argument(1));
        if (sub.equals("KEYSLOT")) {
            if (request.argumentCount() != 2) {
                throw new CommandError("ERR wrong number of arguments for 'cluster|keyslot' command");
            }
            return Command.reply(new Reply.Int(HashSlot.of(request.argument(2))));
        }
        ClientTopology map = topology.get().orElseThrow(() ->
                new CommandError("ERR This instance has cluster support disabled"));
        Reply reply = switch (sub) {
            case "SLOTS" -> slots(map);
            case "SHARDS" -> shards(map);
            case "NODES" -> Reply.bulk(nodes(map));
            case "INFO" -> Reply.bulk(info(map));
            case "MYID" -> Reply.bulk(map.self().id());
            default -> throw new CommandError("ERR unknown subcommand '" + request.text(1) + "'. Try CLUSTER HELP.");
        };
        if (sub.equals("SLOTS") || sub.equals("SHARDS") || sub.equals("NODES")) {
            session.clusterClient(session.readOnly());
        }
        return Command.reply(reply);
    }

    /** Per range: first slot, last slot, then each owner as host, port, id; the primary first. */
    private static Reply slots(ClientTopology map) {
        List<Reply> ranges = new ArrayList<>();
        for (SlotRange range : map.ranges()) {
            List<Reply> items = new ArrayList<>();
            items.add(new Reply.Int(range.first()));
            items.add(new Reply.Int(range.last()));
            for (Node owner : range.owners()) {
                items.add(new Reply.Array(List.of(Reply.bulk(owner.resp().getHostString()),
                        new Reply.Int(owner.resp().getPort()), Reply.bulk(owner.id()))));
            }
            ranges.add(new Reply.Array(items));
        }
        return new Reply.Array(ranges);
    }

    /** One shard per member that is primary of any slot: its slot ranges and itself as the master. */
    private static Reply shards(ClientTopology map) {
        List<Reply> shards = new ArrayList<>();
        primaryRanges(map).forEach((node, ranges) -> {
            List<Reply> slots = new ArrayList<>();
            ranges.forEach(range -> slots.addAll(List.of(new Reply.Int(range[0]), new Reply.Int(range[1]))));
            shards.add(new Reply.MapReply(List.of(
                    Reply.bulk("slots"), new Reply.Array(slots),
                    Reply.bulk("nodes"), new Reply.Array(List.of(new Reply.MapReply(List.of(
                            Reply.bulk("id"), Reply.bulk(node.id()),
                            Reply.bulk("port"), new Reply.Int(node.resp().getPort()),
                            Reply.bulk("ip"), Reply.bulk(node.resp().getHostString()),
                            Reply.bulk("endpoint"), Reply.bulk(node.resp().getHostString()),
                            Reply.bulk("role"), Reply.bulk("master"),
                            Reply.bulk("replication-offset"), new Reply.Int(0),
                            Reply.bulk("health"), Reply.bulk("online"))))))));
        });
        return new Reply.Array(shards);
    }

    /**
     * {@code CLUSTER NODES}: a line per member, {@code id host:port@0 flags - 0 0 0 connected slots...}; every
     * member a master (there is no cluster bus: its port is 0).
     */
    private static String nodes(ClientTopology map) {
        Map<Node, List<int[]>> rangesOf = new LinkedHashMap<>();
        map.nodes().forEach(node -> rangesOf.put(node, List.of()));
        rangesOf.putAll(primaryRanges(map));
        StringBuilder text = new StringBuilder();
        rangesOf.forEach((node, ranges) -> {
            text.append(node.id()).append(' ').append(node.hostAndPort()).append("@0 ")
                    .append(node.equals(map.self()) ? "myself,master" : "master").append(" - 0 0 0 connected");
            for (int[] range : ranges) {
                text.append(' ').append(range[0]);
                if (range[1] != range[0]) {
                    text.append('-').append(range[1]);
                }
            }
            text.append('\n');
        });
        return text.toString();
    }

    /** Per primary, its slots as ascending {first, last} ranges, neighbours merged whatever their backups. */
    private static Map<Node, List<int[]>> primaryRanges(ClientTopology map) {
        Map<Node, List<int[]>> rangesOf = new LinkedHashMap<>();
        for (SlotRange range : map.ranges()) {
            List<int[]> ranges = rangesOf.computeIfAbsent(range.owners().get(0), node -> new ArrayList<>());
            int[] previous = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (previous != null && previous[1] == range.first() - 1) {
                previous[1] = range.last();
            } else {
                ranges.add(new int[] {range.first(), range.last()});
            }
        }
        return rangesOf;
    }

    private static String info(ClientTopology map) {
        long masters = map.ranges().stream().map(range -> range.owners().get(0)).distinct().count();
        return "cluster_enabled:1\r\ncluster_state:ok\r\ncluster_slots_assigned:" + HashSlot.COUNT
                + "\r\ncluster_slots_ok:" + HashSlot.COUNT + "\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\n"
                + "cluster_known_nodes:" + map.nodes().size() + "\r\ncluster_size:" + masters
                + "\r\ncluster_current_epoch:0\r\ncluster_my_epoch:0\r\n";
    }
}
