package io.xsite.grid.resp;

import static io.xsite.grid.resp.RespClient.command;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's bytes on the wire: replies in RESP2 and RESP3, Redis' error texts, limits, slow clients. */
class RespWireTest {
    private final RespTestServer server = new RespTestServer(config -> config.withLimits(
            RespLimits.DEFAULTS.withMaxRequestBytes(1 << 20).withMaxReplies(64, 64 << 10)));

    @AfterEach
    void stop() {
        server.close();
    }

    private RespClient client() {
        return new RespClient(server.host(), server.port());
    }

    @Test
    void repliesAreByteExactInRespTwoAndThree() {
        try (RespClient client = client()) {
            client.send(command("PING"));
            assertThat(client.read("+PONG\r\n")).isEqualTo("+PONG\r\n");
            client.send(command("GET", "absent"));
            assertThat(client.read("$-1\r\n")).isEqualTo("$-1\r\n");
            client.send(command("MGET", "absent"));
            assertThat(client.read("*1\r\n$-1\r\n")).isEqualTo("*1\r\n$-1\r\n");
            client.send(command("CONFIG", "GET", "appendonly"));
            assertThat(client.read("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n"))
                    .isEqualTo("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n");
            client.send(command("HELLO", "3"));
            String hello = "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.0\r\n$5\r\nproto\r\n:3\r\n";
            assertThat(client.read(hello)).isEqualTo(hello);
            String rest = "$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                    + "$7\r\nmodules\r\n*0\r\n";
            assertThat(client.read(rest).replaceAll(":\\d+\r\n\\$4\r\nmode", ":1\r\n\\$4\r\nmode")).isEqualTo(rest);
            client.send(command("GET", "absent"));
            assertThat(client.read("_\r\n")).isEqualTo("_\r\n");
            client.send(command("CONFIG", "GET", "appendonly"));
            assertThat(client.read("%1\r\n$10\r\nappendonly\r\n$2\r\nno\r\n"))
                    .isEqualTo("%1\r\n$10\r\nappendonly\r\n$2\r\nno\r\n");
        }
    }

    @Test
    void inlineCommandsWorkAsTypedIntoTelnet() {
        try (RespClient client = client()) {
            client.send("SET greeting \"hello world\"\r\n\r\nGET greeting\n");
            String expected = "+OK\r\n$11\r\nhello world\r\n";
            assertThat(client.read(expected)).isEqualTo(expected);
        }
    }

    @Test
    void errorsAreRedisTexts() {
        try (RespClient client = client()) {
            client.send(command("GETX", "a", "b"));
            String unknown = "-ERR unknown command 'GETX', with args beginning with: 'a' 'b' \r\n";
            assertThat(client.read(unknown)).isEqualTo(unknown);
            client.send(command("get"));
            String arity = "-ERR wrong number of arguments for 'get' command\r\n";
            assertThat(client.read(arity)).isEqualTo(arity);
            client.send(command("INCRBY", "n", "ten"));
            String integer = "-ERR value is not an integer or out of range\r\n";
            assertThat(client.read(integer)).isEqualTo(integer);
            client.send(command("CLIENT", "SETNAME"));
            String subArity = "-ERR wrong number of arguments for 'client|setname' command\r\n";
            assertThat(client.read(subArity)).isEqualTo(subArity);
            client.send(command("PING"));
            assertThat(client.read("+PONG\r\n")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void pipelinedCommandsAfterQuitAreNotRun() {
        try (RespClient client = client()) {
            client.send(concat(command("SET", "k", "1"), command("QUIT"), command("SET", "k", "2")));
            assertThat(client.readUntilClosed()).isEqualTo("+OK\r\n+OK\r\n");
        }
        try (RespClient client = client()) {
            client.send(command("GET", "k"));
            assertThat(client.read("$1\r\n1\r\n")).isEqualTo("$1\r\n1\r\n");
        }
    }

    @Test
    void aTwoGigabyteBulkLengthIsRefusedBeforeAnyByteOfIt() {
        try (RespClient client = client()) {
            client.send("*2\r\n$3\r\nGET\r\n$2147483647\r\n");
            assertThat(client.readUntilClosed()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        }
        try (RespClient client = client()) {
            client.send("*2147483647\r\n");
            assertThat(client.readUntilClosed()).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
        }
        try (RespClient client = client()) {
            // Each argument fits, together they do not: 2 x 600 KiB over a limit of 1 MiB.
            client.send("*3\r\n$3\r\nSET\r\n$614400\r\n" + "k".repeat(614400) + "\r\n$614400\r\n");
            assertThat(client.readUntilClosed()).isEqualTo("-ERR Protocol error: request larger than 1048576 bytes\r\n");
        }
        assertThat(protocolErrors("bulk_length")).isEqualTo(1);
        assertThat(protocolErrors("array_length")).isEqualTo(1);
        assertThat(protocolErrors("too_large")).isEqualTo(1);
        try (RespClient client = client()) {
            client.send(command("PING"));
            assertThat(client.read("+PONG\r\n")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aClientThatDoesNotReadIsPausedWhileOthersGoOn() {
        try (RespClient slow = client(); RespClient other = client()) {
            byte[] value = "v".repeat(4096).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            slow.send(command("SET", "big", new String(value, java.nio.charset.StandardCharsets.ISO_8859_1)));
            slow.read("+OK\r\n");
            byte[] get = command("GET", "big");
            // 2,000 GETs of 4 KiB: 8 MiB of replies the client never reads; the server holds at most its limits.
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    slow.send(get);
                }
            });
            writer.setDaemon(true);
            writer.start();
            await("the slow client's reading is paused").atMost(ofSeconds(20))
                    .until(() -> server.registry.get("xsite_grid_resp_reads_paused").counter().count() >= 1);
            other.send(command("SET", "k", "v"));
            assertThat(other.read("+OK\r\n")).isEqualTo("+OK\r\n");
            other.send(command("GET", "k"));
            assertThat(other.read("$1\r\nv\r\n")).isEqualTo("$1\r\nv\r\n");
        }
    }

    private double protocolErrors(String reason) {
        Counter counter = server.registry.find("xsite_grid_resp_protocol_errors").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
