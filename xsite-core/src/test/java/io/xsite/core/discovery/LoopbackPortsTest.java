package io.xsite.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports for a static list: distinct, outside the ephemeral range, and free to bind right after. */
class LoopbackPortsTest {

    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws IOException {
        List<Integer> ports = LoopbackPorts.free(20);

        assertThat(ports).hasSize(20).doesNotHaveDuplicates()
                .allSatisfy(port -> assertThat(port).isBetween(LoopbackPorts.LOWEST, LoopbackPorts.BEYOND - 1));
        for (int port : ports) {
            try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
