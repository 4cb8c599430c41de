package io.xsite.bench.infinispan;

import io.xsite.bench.grid.ServerProcess;
import java.net.InetSocketAddress;

/**
 * One member process of a deployment: its site, its process and where it serves RESP.
 *
 * @param site    the member's site
 * @param process its JVM
 * @param resp    its RESP address on loopback
 */
record SiteMember(String site, ServerProcess process, InetSocketAddress resp) {
}
