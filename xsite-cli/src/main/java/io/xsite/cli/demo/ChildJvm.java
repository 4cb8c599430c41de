package io.xsite.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command lines and environments of the demo's child JVMs: the same {@code java} and class path as this
 * JVM, running {@code xsite} through a main class that ends the child when this JVM is gone (the CLI's
 * {@code DemoChild}).
 */
public final class ChildJvm {
    /** Small, quick-starting JVMs: eleven of them share one machine. */
    public static final List<String> OPTIONS = List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /**
     * Variables that would configure a child behind the demo's back (a {@code XSITE_NODE_CONFIG} file, an
     * external address): the demo passes every setting it means as a flag, and nothing else may leak in.
     */
    private static final Set<String> REFERENCE_NAMES = Set.of("SITE", "DNS_QUERY", "TUNNEL_INITIAL_HOSTS",
            "JGROUPS_EXTERNAL_ADDR");

    private ChildJvm() {
    }

    /** {@code java OPTIONS -cp <this class path> <main> <this pid> xsiteArgs...}. */
    static List<String> command(Class<?> main, List<String> xsiteArgs) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(),
                Long.toString(ProcessHandle.current().pid())));
        command.addAll(xsiteArgs);
        return List.copyOf(command);
    }

    /** Removes from a child's {@code environment} what would configure a router or node besides its flags. */
    public static void clean(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("XSITE_NODE_") || name.startsWith("XSITE_ROUTER_")
                || REFERENCE_NAMES.contains(name));
    }
}
