package io.xsite.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The routers the benchmark compares, each as the main class a child JVM runs and the line that
 * child prints once it listens. Every router binds 127.0.0.1 on an ephemeral port (port 0) and
 * reports the port it got, so no port is guessed.
 */
public enum RouterKind {
    /** The xsite router, started by {@link XsiteRouterProcess}. */
    XSITE("xsite", XsiteRouterProcess.class.getName(), Pattern.compile("^READY (\\d+)$")),
    /**
     * The xsite router on one event loop per processor ({@code ioThreads} 0) instead of its default one, to weigh
     * what more loops cost and gain in the same run.
     */
    XSITE_LOOP_PER_CORE("xsite-loops", XsiteRouterProcess.class.getName(), Pattern.compile("^READY (\\d+)$"),
            "-D" + XsiteRouterProcess.IO_THREADS_PROPERTY + "=0"),
    /**
     * The xsite router serving TLS clients only (issue 15), started by {@link XsiteRouterProcess} with the
     * directory of its certificate; idle-clients scenario only.
     */
    XSITE_TLS("xsite-tls", XsiteRouterProcess.class.getName(), Pattern.compile("^READY (\\d+)$")),
    /** JGroups 5.5's GossipRouter as it ships: blocking I/O, one reader thread per connection. */
    JGROUPS("jgroups", "org.jgroups.stack.GossipRouter",
            Pattern.compile("listening on .*:(\\d+)"), "-nio", "false"),
    /** JGroups 5.5's GossipRouter with its selector-based {@code -nio true} server. */
    JGROUPS_NIO("jgroups-nio", "org.jgroups.stack.GossipRouter",
            Pattern.compile("listening on .*:(\\d+)"), "-nio", "true");

    /*
     * JGroups' main also opens a UDP multicast probe listener by default; it plays no part in
     * forwarding and would answer other people's probes on this shared host, so it is switched off.
     */
    private static final List<String> JGROUPS_COMMON = List.of("-port", "0", "-bind_addr", "127.0.0.1",
            "-diag_enabled", "false");

    private final String id;
    private final String mainClass;
    private final Pattern readyLine;
    /** JGroups: arguments of its main; xsite: system properties of the child JVM. */
    private final List<String> extraArgs;

    RouterKind(String id, String mainClass, Pattern readyLine, String... extraArgs) {
        this.id = id;
        this.mainClass = mainClass;
        this.readyLine = readyLine;
        this.extraArgs = List.of(extraArgs);
    }

    /** The name used on the command line and in tables. */
    public String id() {
        return id;
    }

    /** Whether this is one of the JGroups routers (the comparison peers). */
    public boolean isJGroups() {
        return this == JGROUPS || this == JGROUPS_NIO;
    }

    /** Whether its clients must connect with TLS and a certificate. */
    public boolean isTls() {
        return this == XSITE_TLS;
    }

    /** System properties, main class and arguments of the child JVM, before the arguments particular to one start. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        if (!isJGroups()) {
            command.addAll(extraArgs);
            command.addAll(List.of(mainClass, "127.0.0.1", "0"));
            return command;
        }
        command.add(mainClass);
        command.addAll(JGROUPS_COMMON);
        command.addAll(extraArgs);
        return command;
    }

    /** The pattern of the line the child prints once it listens; group 1 is the port. */
    Pattern readyLine() {
        return readyLine;
    }

    /** The kind named {@code id} ({@code xsite}, {@code xsite-loops}, {@code xsite-tls}, {@code jgroups}, ...). */
    public static RouterKind of(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown router '" + id + "', expected one of "
                        + Arrays.stream(values()).map(RouterKind::id).toList()));
    }

    @Override
    public String toString() {
        return id;
    }
}
