package io.xsite.grid.resp;

import static io.xsite.grid.resp.RespClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Garbage from one client, over a real socket: the server stays up and a client beside it is unaffected. */
class RespServerFuzzTest {

    @Property(tries = 40)
    void garbageFromOneClientLeavesTheOthersServed(@ForAll("garbage") byte[] garbage) {
        try (RespTestServer server = new RespTestServer(config -> config.withLimits(
                new RespLimits(4096, 64, 256, 16, 1 << 16)));
             RespClient good = new RespClient(server.host(), server.port())) {
            good.send(command("SET", "k", "before"));
            assertThat(good.read("+OK\r\n")).isEqualTo("+OK\r\n");
            try (RespClient bad = new RespClient(server.host(), server.port())) {
                bad.shortTimeout();
                bad.send(garbage);
                bad.closedByServer();
            }
            good.send(command("SET", "k", "after"));
            good.send(command("GET", "k"));
            assertThat(good.read("+OK\r\n$5\r\nafter\r\n")).isEqualTo("+OK\r\n$5\r\nafter\r\n");
            try (RespClient late = new RespClient(server.host(), server.port())) {
                late.send(command("PING"));
                assertThat(late.read("+PONG\r\n")).isEqualTo("+PONG\r\n");
            }
        }
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2000);
        Arbitrary<byte[]> resp = Arbitraries.of((byte) '*', (byte) '$', (byte) '\r', (byte) '\n', (byte) '-',
                (byte) '0', (byte) '2', (byte) '9', (byte) 'G', (byte) ' ').array(byte[].class).ofMinSize(1)
                .ofMaxSize(2000);
        Arbitrary<byte[]> huge = Arbitraries.of("*2147483647\r\n", "*1\r\n$2147483648\r\n", "*3\r\n$3\r\nSET\r\n$1\r\n",
                "$-1\r\n", "*-5\r\n", "*1\r\n:1\r\n", "\"unbalanced\r\n").map(String::getBytes);
        return Arbitraries.oneOf(random, resp, huge);
    }
}
