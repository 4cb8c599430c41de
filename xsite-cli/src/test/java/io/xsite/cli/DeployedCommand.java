package io.xsite.cli;

import io.xsite.cli.config.ConfigException;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.grid.GridConfig;
import io.xsite.router.RouterConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * What a container that runs an {@code xsite} command reads and ends up with, taken from the commands' own
 * configuration code, for the deployment tests (package {@code io.xsite.cli.deploy}): which environment
 * variables a command reads, and the configuration it loads from a given environment.
 *
 * @param command   the subcommand a container runs ({@code node}, {@code router})
 * @param port      the port it listens on for members
 * @param adminPort its admin endpoint's port
 * @param site      its site; empty for a router or a member without one
 * @param relay     whether it is a relay node (a site and routers)
 * @param discovery how it finds the other members of its site; null for a router or a member without
 * @param routers   the routers it connects to (a relay node's bridge); none for a router
 * @param tlsDir    where it reads tls.crt, tls.key and ca.crt; empty = nowhere
 * @param adminTokenFile the file of its admin token; empty = none
 * @param respPort  the grid's RESP port; -1 for a router or a node without the grid
 * @param grid      the grid's caches and their backup sites; null for a router or a node without the grid
 */
public record DeployedCommand(String command, int port, int adminPort, Optional<String> site, boolean relay,
                              DiscoveryConfig discovery, List<InetSocketAddress> routers, Optional<Path> tlsDir,
                              Optional<Path> adminTokenFile, int respPort, GridConfig grid) {
    /** The commands an image runs as a container's main process. */
    public static final List<String> SERVERS = List.of("node", "router");
    /** The commands an operator runs beside a server with {@code kubectl exec}. */
    public static final List<String> TOOLS = List.of("chat", "probe");

    /**
     * Every variable {@code command} reads: its configuration keys and their reference-deployment aliases,
     * and the log level every command reads.
     */
    public static Set<String> variablesOf(String command) {
        Set<String> variables = new LinkedHashSet<>(switch (command) {
            case "node" -> NodeSettings.SCHEMA.environmentVariables();
            case "chat" -> ChatCommand.SCHEMA.environmentVariables();
            case "router" -> RouterSettings.SCHEMA.environmentVariables();
            case "probe" -> ProbeConfig.SCHEMA.environmentVariables();
            default -> throw new IllegalArgumentException("no such command: " + command);
        });
        variables.add(LoggingOptions.ENVIRONMENT);
        return variables;
    }

    /**
     * The configuration {@code command} loads from {@code environment} alone, exactly as the command does at
     * start (nothing is started).
     *
     * @throws ConfigException with the lines the command would print before it exits with 2
     */
    public static DeployedCommand load(String command, Map<String, String> environment) {
        return load(List.of(command), environment);
    }

    /**
     * The configuration the command {@code args} start ({@code node --config FILE}: the subcommand, then its
     * options, as a container's args) loads from its options and {@code environment}, exactly as it does at start.
     *
     * @throws ConfigException with the lines the command would print before it exits with 2
     */
    public static DeployedCommand load(List<String> args, Map<String, String> environment) {
        CommandLine xsite = XsiteCommand.commandLine(environment);
        xsite.parseArgs(args.toArray(String[]::new));
        String command = args.get(0);
        CommandLine sub = xsite.getSubcommands().get(command);
        return switch (command) {
            case "node" -> {
                NodeConfig node = sub.<NodeCommand>getCommand().load();
                NodeGridConfig grid = node.grid();
                yield new DeployedCommand(command, node.member().tcp().bind().getPort(), node.member().adminPort(),
                        Optional.ofNullable(node.member().site()), node.relay().isPresent(), node.member().discovery(),
                        node.member().routers(), node.tlsDir(), node.adminTokenFile(),
                        grid.enabled() ? grid.respPort() : -1, grid.enabled() ? grid.caches() : null);
            }
            case "router" -> {
                RouterProcessConfig process = sub.<RouterCommand>getCommand().load();
                RouterConfig router = process.router();
                yield new DeployedCommand(command, router.port(), router.adminPort(), Optional.empty(), false, null,
                        List.of(), process.tlsDir(), process.adminTokenFile(), -1, null);
            }
            default -> throw new IllegalArgumentException("not a server command: " + command);
        };
    }
}
