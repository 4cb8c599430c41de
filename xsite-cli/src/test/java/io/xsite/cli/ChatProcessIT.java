package io.xsite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference deployment in miniature, as processes: one router, {@code xsite node} relay nodes in nyc
 * and sfc, and {@code xsite chat --send} as a member of sfc, whose line every member answers.
 */
class ChatProcessIT {
    private final Map<String, LauncherProcess> processes = new LinkedHashMap<>();
    private GossipRouter router;

    @TempDir
    Path workingDirectory;

    @AfterEach
    void killEverything() {
        processes.forEach((name, process) -> {
            process.close();
            // The output file of this test keeps each process's log, for when a step failed.
            System.err.println("---- " + name + " stderr ----");
            process.err().forEach(System.err::println);
        });
        if (router != null) {
            router.close();
        }
    }

    @Test
    void aChatLineFromSfcIsAnsweredByEveryMemberOfBothSites() throws Exception {
        router = GossipRouter.start(RouterConfig.loopback());
        String routers = "127.0.0.1[" + router.address().getPort() + "]";
        int[] ports = freePorts(3);
        String sfcDiscovery = "static:127.0.0.1[" + ports[1] + "],127.0.0.1[" + ports[2] + "]";
        startNode("nyc0", "nyc", routers, ports[0], "static:127.0.0.1[" + ports[0] + "]");
        startNode("sfc0", "sfc", routers, ports[1], sfcDiscovery);

        LauncherProcess chat = LauncherProcess.start(workingDirectory, "chat", "--cluster", "sfc", "--name", "Temp",
                "--site", "sfc", "--routers", routers, "--bind", "127.0.0.1", "--port", Integer.toString(ports[2]),
                "--discovery", sfcDiscovery, "--send", "hi", "--expect", "3", "--timeout", "20s");
        processes.put("chat", chat);

        assertThat(chat.awaitExit()).as("chat's exit code").isZero();
        assertThat(chat.out()).contains("<< hi from Temp:sfc", "<< response from nyc0:nyc",
                "<< response from sfc0:sfc", "<< response from Temp:sfc");
        assertThat(chat.out()).filteredOn(line -> line.startsWith("<< response from")).hasSize(3);
        assertThat(chat.out()).last().asString().matches("3/3 replies \\(nyc 1/1, sfc 2/2\\), slowest \\d+ ms");
        assertThat(chat.err()).as("chat logs only warnings by default").noneMatch(line -> line.contains(" INFO "));
        for (String node : List.of("nyc0", "sfc0")) {
            processes.get(node).awaitErrLine(java.util.regex.Pattern.compile("<< hi from Temp:sfc"));
        }
    }

    private void startNode(String name, String site, String routers, int port, String discovery) throws IOException {
        processes.put(name, LauncherProcess.start(workingDirectory, "node", "--cluster", site, "--name", name,
                "--site", site, "--routers", routers, "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--admin-port", "-1", "--discovery", discovery, "--resp-port", "-1"));
    }

    /** Distinct loopback ports that were free a moment ago: all bound at once, then released. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
