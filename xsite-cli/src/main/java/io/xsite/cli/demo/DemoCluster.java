package io.xsite.cli.demo;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/** The demo's routers and members, running in this JVM or in JVMs of their own; closing stops them all. */
public interface DemoCluster extends AutoCloseable {
    /** The gossip routers the bridge runs through, in order of preference. */
    List<InetSocketAddress> routers();

    /** Where each router and member runs, one line each, for the banner. */
    List<String> describe();

    /**
     * A router or member that ended although nobody stopped it, described in one line (name, exit code,
     * last log line); empty while all run.
     */
    Optional<String> unexpectedExit();

    /**
     * Ends member {@code name} as a crash would: no leave, so the others must detect it. Returns once it is
     * gone (its sockets closed).
     *
     * @return how it was ended, for the output: {@code SIGKILL to pid 4711}
     * @throws IllegalArgumentException if no running member has that name
     */
    String crash(String name);

    /**
     * Starts members {@code names} again, all at once, as the plan describes them, after they crashed: new
     * members on the same ports, with an empty grid.
     *
     * @return how they were started, for the output: {@code started again in this JVM, empty}
     * @throws IllegalArgumentException if one of them still runs
     */
    String restart(List<String> names);

    /**
     * Whether the members' RESP ports serve TLS, asking for a client certificate of the run's CA
     * ({@link DemoPki#clientTls()}); the visitor's, in this JVM, is plain either way.
     */
    boolean respTls();

    /** Stops every member (gracefully where possible) and router; idempotent. */
    @Override
    void close();
}
