package io.xsite.grid.resp;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.xsite.grid.ClientTopology;
import io.xsite.grid.HashSlot;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * Lettuce and Jedis, unchanged, against a site of three members on loopback tcp: plain clients through one member
 * (which forwards each key to its primary), and the cluster clients ({@code RedisClusterClient},
 * {@code JedisCluster}), which learn the slots from {@code CLUSTER NODES} or {@code CLUSTER SLOTS} and send each
 * key to its primary themselves.
 */
class RespSiteClientsTest {
    /** Generous: a loaded build machine may pause a JVM for seconds. */
    private static final java.time.Duration TIMEOUT = ofSeconds(30);
    private static final JedisClientConfig JEDIS = DefaultJedisClientConfig.builder()
            .socketTimeoutMillis((int) TIMEOUT.toMillis()).build();
    private static RespSite site;

    @BeforeAll
    static void startSite() {
        site = new RespSite("resp-clients", 3);
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    private static RedisURI uri(int member) {
        InetSocketAddress resp = site.resp(member);
        return RedisURI.Builder.redis(resp.getHostString(), resp.getPort()).withTimeout(TIMEOUT).build();
    }

    private static HostAndPort hostAndPort(int member) {
        return new HostAndPort(site.resp(member).getHostString(), site.resp(member).getPort());
    }

    @Test
    void lettucePipelinesAsynchronousCommandsThroughOneMember() {
        RedisClient client = RedisClient.create(uri(0));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            connection.setAutoFlushCommands(false);
            List<RedisFuture<String>> sets = IntStream.range(0, 1_000)
                    .mapToObj(i -> async.set("lettuce:" + i, "value-" + i)).toList();
            List<RedisFuture<Long>> increments = IntStream.range(0, 200)
                    .mapToObj(i -> async.incr("lettuce:counter")).toList();
            connection.flushCommands();
            assertThat(LettuceFutures.awaitAll(TIMEOUT, sets.toArray(RedisFuture[]::new))).isTrue();
            assertThat(LettuceFutures.awaitAll(TIMEOUT, increments.toArray(RedisFuture[]::new))).isTrue();
            assertThat(sets).allSatisfy(set -> assertThat(set.toCompletableFuture().join()).isEqualTo("OK"));
            // One connection's increments of a key run in its order: the n-th answers n.
            assertThat(increments.stream().map(f -> f.toCompletableFuture().join()).toList())
                    .isEqualTo(IntStream.rangeClosed(1, 200).mapToObj(Long::valueOf).toList());

            List<RedisFuture<String>> gets = IntStream.range(0, 1_000)
                    .mapToObj(i -> async.get("lettuce:" + i)).toList();
            connection.flushCommands();
            assertThat(LettuceFutures.awaitAll(TIMEOUT, gets.toArray(RedisFuture[]::new))).isTrue();
            for (int i = 0; i < gets.size(); i++) {
                assertThat(gets.get(i).toCompletableFuture().join()).as("key %d", i).isEqualTo("value-" + i);
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void lettuceSeesEntriesExpireAndPersist() {
        RedisClient client = RedisClient.create(uri(1));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            // 3 s: long enough that a paused JVM on a loaded machine still reads it before it expires.
            assertThat(sync.set("lettuce:short", "soon gone", SetArgs.Builder.px(3_000))).isEqualTo("OK");
            assertThat(sync.pttl("lettuce:short")).isBetween(1L, 3_000L);
            await("the entry expires").atMost(ofSeconds(20))
                    .untilAsserted(() -> assertThat(sync.get("lettuce:short")).isNull());
            assertThat(sync.exists("lettuce:short")).isZero();

            sync.set("lettuce:kept", "kept");
            assertThat(sync.expire("lettuce:kept", 100)).isTrue();
            assertThat(sync.ttl("lettuce:kept")).isBetween(99L, 100L);
            assertThat(sync.persist("lettuce:kept")).isTrue();
            assertThat(sync.ttl("lettuce:kept")).isEqualTo(-1);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void lettuceClusterClientSendsEachKeyToItsPrimary() {
        RedisClusterClient client = RedisClusterClient.create(uri(0));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            Set<Integer> ports = IntStream.range(0, site.size()).mapToObj(i -> site.resp(i).getPort())
                    .collect(Collectors.toSet());
            assertThat(client.getPartitions()).extracting(node -> node.getUri().getPort())
                    .containsExactlyInAnyOrderElementsOf(ports);
            assertThat(client.getPartitions()).allMatch(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM));
            assertThat(client.getPartitions().stream().mapToInt(node -> node.getSlots().size()).sum())
                    .isEqualTo(HashSlot.COUNT);
            ClientTopology topology = site.topology(0);
            for (int slot = 0; slot < HashSlot.COUNT; slot += 97) {
                assertThat(client.getPartitions().getPartitionBySlot(slot).getUri().getPort()).as("slot %d", slot)
                        .isEqualTo(topology.primaryOfSlot(slot).resp().getPort());
            }

            RedisAdvancedClusterCommands<String, String> sync = connection.sync();
            for (int i = 0; i < 300; i++) {
                assertThat(sync.set("cluster:" + i, "value-" + i)).isEqualTo("OK");
            }
            for (int i = 0; i < 300; i++) {
                assertThat(sync.get("cluster:" + i)).isEqualTo("value-" + i);
                assertThat(sync.clusterKeyslot("cluster:" + i)).isEqualTo(SlotHash.getSlot("cluster:" + i));
            }
            assertThat(sync.mset(Map.of("{user7}:name", "Ada", "{user7}:city", "London"))).isEqualTo("OK");
            assertThat(sync.get("{user7}:city")).isEqualTo("London");
            assertThat(sync.incr("cluster:counter")).isEqualTo(1);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void jedisClusterReadsBackEveryKeyItWrote() {
        try (JedisCluster cluster = new JedisCluster(Set.of(hostAndPort(2)), JEDIS)) {
            assertThat(cluster.getClusterNodes()).hasSize(site.size());
            for (int i = 0; i < 300; i++) {
                assertThat(cluster.set("jedis-cluster:" + i, "value-" + i)).isEqualTo("OK");
            }
            for (int i = 0; i < 300; i++) {
                assertThat(cluster.get("jedis-cluster:" + i)).isEqualTo("value-" + i);
            }
            assertThat(cluster.incrBy("jedis-cluster:counter", 5)).isEqualTo(5);
        }
    }

    @Test
    void onlyAClientThatAskedForTheTopologyIsRedirected() {
        String remote = keyWhosePrimaryIsNot(0);
        int slot = HashSlot.of(remote.getBytes(StandardCharsets.UTF_8));
        InetSocketAddress primary = site.topology(0).primaryOfSlot(slot).resp();
        try (Jedis plain = new Jedis(hostAndPort(0), JEDIS); Jedis clusterAware = new Jedis(hostAndPort(0), JEDIS)) {
            assertThat(plain.set(remote, "forwarded")).isEqualTo("OK");
            assertThat(plain.get(remote)).isEqualTo("forwarded");

            assertThat(clusterAware.clusterNodes()).contains("myself,master");
            assertThatThrownBy(() -> clusterAware.get(remote)).isInstanceOfSatisfying(JedisMovedDataException.class,
                    moved -> {
                        assertThat(moved.getSlot()).isEqualTo(slot);
                        assertThat(moved.getTargetNode()).isEqualTo(new HostAndPort(primary.getHostString(),
                                primary.getPort()));
                    });
            assertThat(clusterAware.get(keyWhosePrimaryIs(0))).isNull();
            assertThat(clusterAware.clusterKeySlot("somekey")).isEqualTo(11058);
        }
    }

    private static String keyWhosePrimaryIsNot(int member) {
        return IntStream.range(0, 10_000).mapToObj(i -> "moved:" + i).filter(key -> !primaryIs(key, member))
                .findFirst().orElseThrow();
    }

    private static String keyWhosePrimaryIs(int member) {
        return IntStream.range(0, 10_000).mapToObj(i -> "local:" + i).filter(key -> primaryIs(key, member))
                .findFirst().orElseThrow();
    }

    private static boolean primaryIs(String key, int member) {
        ClientTopology topology = site.topology(member);
        return topology.primaryOfSlot(HashSlot.of(key.getBytes(StandardCharsets.UTF_8))).equals(topology.self());
    }
}
