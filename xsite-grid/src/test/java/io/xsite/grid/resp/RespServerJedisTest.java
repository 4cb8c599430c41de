package io.xsite.grid.resp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.xsite.grid.GridException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/** The RESP server as Jedis, an unchanged Redis client, sees it: commands, pipelining, expiry, SCAN, errors. */
class RespServerJedisTest {
    /** Generous: a loaded build machine may pause a JVM for seconds; Jedis' default of 2 s then fails a pipeline. */
    private static final int SOCKET_TIMEOUT_MILLIS = 30_000;
    private final RespTestServer server = new RespTestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private Jedis connect(RedisProtocol protocol) {
        return new Jedis(new HostAndPort(server.host(), server.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
                        .build());
    }

    @Test
    void setGetAndDeleteBinarySafeValuesInRespTwoAndThree() {
        for (RedisProtocol protocol : List.of(RedisProtocol.RESP2, RedisProtocol.RESP3)) {
            try (Jedis jedis = connect(protocol)) {
                byte[] key = ("bin\r\n\0" + protocol).getBytes(UTF_8);
                byte[] value = {0, 1, '\r', '\n', (byte) 0xff};
                assertThat(jedis.set(key, value)).isEqualTo("OK");
                assertThat(jedis.get(key)).isEqualTo(value);
                assertThat(jedis.get("absent")).isNull();
                assertThat(jedis.exists(key)).isTrue();
                assertThat(jedis.del(key)).isEqualTo(1);
                assertThat(jedis.del(key)).isZero();
                assertThat(jedis.ping()).isEqualTo("PONG");
                assertThat(jedis.echo("hi")).isEqualTo("hi");
            }
        }
    }

    @Test
    void setHonoursNxXxGetAndKeepTtl() {
        try (Jedis jedis = connect(RedisProtocol.RESP2)) {
            assertThat(jedis.set("k", "1", SetParams.setParams().xx())).isNull();
            assertThat(jedis.set("k", "1", SetParams.setParams().nx())).isEqualTo("OK");
            assertThat(jedis.set("k", "2", SetParams.setParams().nx())).isNull();
            assertThat(jedis.setGet("k", "3")).isEqualTo("1");
            assertThat(jedis.set("k", "4", SetParams.setParams().ex(100))).isEqualTo("OK");
            assertThat(jedis.set("k", "5", SetParams.setParams().keepTtl())).isEqualTo("OK");
            assertThat(jedis.ttl("k")).isBetween(99L, 100L);
            assertThat(jedis.set("k", "6")).isEqualTo("OK");
            assertThat(jedis.ttl("k")).isEqualTo(-1);
            assertThat(jedis.get("k")).isEqualTo("6");
        }
    }

    @Test
    void mgetMsetExistsAndDelSpanManyKeys() {
        try (Jedis jedis = connect(RedisProtocol.RESP3)) {
            assertThat(jedis.mset("a", "1", "b", "2", "c", "3")).isEqualTo("OK");
            assertThat(jedis.mget("a", "x", "c")).containsExactly("1", null, "3");
            assertThat(jedis.exists("a", "b", "x", "a")).isEqualTo(3);
            assertThat(jedis.del("a", "b", "x")).isEqualTo(2);
            assertThat(jedis.dbSize()).isEqualTo(1);
        }
    }

    @Test
    void pipelinedRepliesComeInRequestOrderThoughTheGridCompletesThemOutOfOrder() {
        int keys = 10_000;
        try (Jedis jedis = connect(RedisProtocol.RESP2)) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> sets = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                sets.add(pipeline.set("key:" + i, "value:" + i));
            }
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                gets.add(pipeline.get("key:" + i));
            }
            pipeline.sync();
            assertThat(sets).allSatisfy(reply -> assertThat(reply.get()).isEqualTo("OK"));
            for (int i = 0; i < keys; i++) {
                assertThat(gets.get(i).get()).isEqualTo("value:" + i);
            }
            assertThat(jedis.dbSize()).isEqualTo(keys);
        }
    }

    @Test
    void concurrentIncrementsLoseNothing() throws Exception {
        int clients = 8;
        int increments = 500;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    try (Jedis jedis = connect(RedisProtocol.RESP2)) {
                        for (int i = 0; i < increments; i++) {
                            jedis.incr("counter");
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Jedis jedis = connect(RedisProtocol.RESP2)) {
            assertThat(jedis.get("counter")).isEqualTo(String.valueOf(clients * increments));
            assertThat(jedis.incrBy("counter", 10)).isEqualTo(clients * increments + 10);
            assertThat(jedis.decrBy("counter", 20)).isEqualTo(clients * increments - 10);
            assertThat(jedis.decr("counter")).isEqualTo(clients * increments - 11);
        }
    }

    @Test
    void entriesExpireAndTtlCommandsReportIt() {
        try (Jedis jedis = connect(RedisProtocol.RESP2)) {
            jedis.set("short", "v", SetParams.setParams().px(300));
            assertThat(jedis.pttl("short")).isBetween(1L, 300L);
            await("the entry expires").atMost(ofSeconds(5))
                    .untilAsserted(() -> assertThat(jedis.get("short")).isNull());
            assertThat(jedis.ttl("short")).isEqualTo(-2);

            jedis.set("long", "v");
            assertThat(jedis.expire("long", 100)).isEqualTo(1);
            assertThat(jedis.ttl("long")).isBetween(99L, 100L);
            assertThat(jedis.persist("long")).isEqualTo(1);
            assertThat(jedis.persist("long")).isZero();
            assertThat(jedis.ttl("long")).isEqualTo(-1);
            assertThat(jedis.pexpire("long", 200)).isEqualTo(1);
            assertThat(jedis.expire("absent", 100)).isZero();
            await("the entry expires after PEXPIRE").atMost(ofSeconds(5))
                    .untilAsserted(() -> assertThat(jedis.exists("long")).isFalse());
            jedis.set("gone", "v");
            assertThat(jedis.expire("gone", -1)).isEqualTo(1);
            assertThat(jedis.exists("gone")).isFalse();
        }
    }

    @Test
    void scanReturnsEveryKeyAndMatchFilters() {
        try (Jedis jedis = connect(RedisProtocol.RESP3)) {
            Set<String> written = new HashSet<>();
            for (int i = 0; i < 1_000; i++) {
                jedis.set("user:" + i, "x");
                written.add("user:" + i);
            }
            jedis.set("other", "x");
            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("user:*").count(100));
                seen.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(seen).isEqualTo(written);
        }
    }

    @Test
    void databasesAreTheConfiguredCaches() {
        try (Jedis jedis = connect(RedisProtocol.RESP2)) {
            jedis.set("k", "in default");
            assertThat(jedis.select(1)).isEqualTo("OK");
            assertThat(jedis.get("k")).isNull();
            jedis.set("k", "in sessions");
            assertThat(jedis.select(0)).isEqualTo("OK");
            assertThat(jedis.get("k")).isEqualTo("in default");
            assertThatThrownBy(() -> jedis.select(2)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR DB index is out of range");
        }
    }

    @Test
    void errorsSpeakRedisConventions() {
        try (Jedis jedis = connect(RedisProtocol.RESP2)) {
            jedis.set("text", "abc");
            assertThatThrownBy(() -> jedis.incr("text")).hasMessage("ERR value is not an integer or out of range");
            jedis.set("max", String.valueOf(Long.MAX_VALUE));
            assertThatThrownBy(() -> jedis.incr("max")).hasMessage("ERR increment or decrement would overflow");
            assertThatThrownBy(() -> jedis.sendCommand(() -> "SET".getBytes(UTF_8), "k", "v", "NX", "XX"))
                    .hasMessage("ERR syntax error");
            assertThatThrownBy(() -> jedis.sendCommand(() -> "SET".getBytes(UTF_8), "k", "v", "EX", "0"))
                    .hasMessage("ERR invalid expire time in 'set' command");
            assertThatThrownBy(() -> jedis.sendCommand(() -> "FLUSHALL".getBytes(UTF_8), "ASYNC", "now"))
                    .hasMessage("ERR unknown command 'FLUSHALL', with args beginning with: 'ASYNC' 'now' ");
            assertThatThrownBy(() -> jedis.sendCommand(() -> "GET".getBytes(UTF_8)))
                    .hasMessage("ERR wrong number of arguments for 'get' command");
            server.grid.refuseWrites(new GridException(GridException.Reason.CLUSTER_DOWN,
                    "this side of a partition holds no majority"));
            assertThatThrownBy(() -> jedis.set("k", "v"))
                    .hasMessage("CLUSTERDOWN this side of a partition holds no majority");
            assertThat(jedis.get("text")).isEqualTo("abc");
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void clientAndServerCommandsThatClientsSendOnTheirOwn() {
        try (Jedis jedis = connect(RedisProtocol.RESP3)) {
            assertThat(jedis.clientSetname("reporter")).isEqualTo("OK");
            assertThat(jedis.clientGetname()).isEqualTo("reporter");
            assertThat(jedis.clientId()).isPositive();
            assertThat(jedis.info("server")).contains("redis_version:" + ServerCommands.REDIS_VERSION);
            assertThat(jedis.configGet("save")).isEqualTo(Map.of("save", ""));
            assertThat(jedis.commandCount()).isEqualTo(30);
        }
    }

    @Test
    void manyClientsAtOnceEachGetTheirOwnReplies() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 16).mapToObj(c -> pool.submit(() -> {
                try (Jedis jedis = connect(c % 2 == 0 ? RedisProtocol.RESP2 : RedisProtocol.RESP3)) {
                    for (int i = 0; i < 200; i++) {
                        jedis.set("c" + c + ":" + i, String.valueOf(i));
                        if (!String.valueOf(i).equals(jedis.get("c" + c + ":" + i))) {
                            return false;
                        }
                    }
                    return true;
                }
            })).toList();
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
