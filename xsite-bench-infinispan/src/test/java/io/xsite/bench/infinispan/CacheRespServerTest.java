package io.xsite.bench.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.bench.grid.RespLink;
import io.xsite.core.discovery.LoopbackPorts;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.Test;

/** The RESP front on a local (not clustered) Infinispan cache manager, over a real socket. */
class CacheRespServerTest {
    @Test
    void setThenGetReadsTheValueFromTheSelectedCacheOnly() throws Exception {
        int port = LoopbackPorts.free(1).get(0);
        try (DefaultCacheManager manager = new DefaultCacheManager()) {
            manager.defineConfiguration("zero", new ConfigurationBuilder().build());
            manager.defineConfiguration("one", new ConfigurationBuilder().build());
            try (CacheRespServer server = CacheRespServer.start(port, List.of(
                    manager.<String, byte[]>getCache("zero").getAdvancedCache(),
                    manager.<String, byte[]>getCache("one").getAdvancedCache()), () -> 7);
                 RespLink link = RespLink.connect(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(10))) {
                assertThat(link.call("PING")).isEqualTo("+PONG");
                assertThat(link.call("MEMBERS")).isEqualTo(":7");
                assertThat(link.call("SELECT", "1")).isEqualTo("+OK");
                assertThat(link.call("SET", "key", "value")).isEqualTo("+OK");
                assertThat(link.call("GET", "key")).isEqualTo("value");
                assertThat(link.call("SELECT", "0")).isEqualTo("+OK");
                assertThat(link.call("GET", "key")).isNull();
                assertThat(link.call("SELECT", "2")).startsWith("-ERR");
                assertThat(link.call("HSET", "h", "f")).startsWith("-ERR unknown command HSET");
            }
        }
    }
}
