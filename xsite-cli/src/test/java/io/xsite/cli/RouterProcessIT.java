package io.xsite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/xsite router} as a process: it serves the protocol and the admin endpoint and stops on SIGTERM. */
class RouterProcessIT {
    /** The router's start line: "... listening on /127.0.0.1:PORT, admin /127.0.0.1:PORT, config ...". */
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]*?:(\\d+), admin [^ ]*?:(\\d+),");

    @TempDir
    Path elsewhere;

    @Test
    void routerAnswersHeartbeatAndHealthThenExitsZeroOnSigterm() throws Exception {
        try (LauncherProcess router = LauncherProcess.start(elsewhere, "router", "--bind", "127.0.0.1",
                "--port", "0", "--admin-port", "0")) {
            Matcher listening = router.awaitErrLine(LISTENING);
            int port = Integer.parseInt(listening.group(1));
            int adminPort = Integer.parseInt(listening.group(2));

            assertThat(heartbeatEcho(port)).isEqualTo(framedHeartbeat());
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            assertThat(router.terminate()).isZero();
            assertThat(router.out()).as("the router prints nothing on stdout").isEmpty();
            assertThat(router.err()).anyMatch(line -> line.contains(" INFO ") && line.contains("stopped"));
        }
    }

    /** Sends one framed HEARTBEAT and reads the frame the router answers with. */
    private static byte[] heartbeatEcho(int port) throws Exception {
        byte[] heartbeat = framedHeartbeat();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(heartbeat);
            byte[] answer = new byte[heartbeat.length];
            new DataInputStream(socket.getInputStream()).readFully(answer);
            return answer;
        }
    }

    private static byte[] framedHeartbeat() {
        ByteBuf frame = GossipFraming.encodeFramed(GossipData.heartbeat(), ByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }
}
