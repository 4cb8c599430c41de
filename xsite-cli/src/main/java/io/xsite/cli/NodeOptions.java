package io.xsite.cli;

import io.xsite.cli.config.ConfigLoader;
import io.xsite.cli.config.YamlConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options of {@link NodeSettings}' keys, one per key, shared by {@code xsite node} and
 * {@code xsite chat} (a picocli mixin). The fields only declare the options: their values are read
 * through picocli's model ({@link ConfigOptions#flags}), which knows which of them were given. The
 * defaults shown in help come from the command's own default value provider.
 */
final class NodeOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with member settings.")
    Path config;

    @Option(names = "--cluster", paramLabel = "NAME",
            description = "Cluster to join; members of other clusters are ignored. Default: ${DEFAULT-VALUE}.")
    String cluster;

    @Option(names = "--name", paramLabel = "NAME",
            description = "This member's logical name. Default: the host name (${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--site", paramLabel = "NAME",
            description = "The site this member belongs to; with --routers it is a relay node. Default: none.")
    String site;

    @Option(names = "--transport", paramLabel = "tcp|tunnel",
            description = "tcp (members dial each other) or tunnel (through routers). Default: ${DEFAULT-VALUE}.")
    String transport;

    @Option(names = "--routers", paramLabel = "LIST",
            description = "Gossip routers, host[port] or host:port, comma-separated (the bridge of a relay node, "
                    + "tunnel transport, router discovery). Default: none.")
    String routers;

    @Option(names = "--discovery", paramLabel = "SPEC",
            description = "How members find each other: static:HOST[PORT],..., dns:NAME[:PORT], dns+srv:NAME, "
                    + "router or kubernetes:SELECTOR[:PORT] (pods by label through the API). Default: router for "
                    + "tunnel, none for tcp (the member forms a view of its own).")
    String discovery;

    @Option(names = "--kubernetes-namespace", paramLabel = "NAME",
            description = "Namespace whose pods kubernetes discovery lists. Default: the pod's own.")
    String kubernetesNamespace;

    @Option(names = {"--bind", "--bind-address"}, paramLabel = "ADDRESS",
            description = "Interface to listen on (members and admin endpoint). Default: ${DEFAULT-VALUE}.")
    String bindAddress;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port other members connect to; 0 = any free port. Default: ${DEFAULT-VALUE}.")
    String port;

    @Option(names = "--external-address", paramLabel = "ADDRESS",
            description = "Address advertised to other members (NAT, containers). Default: the bind address.")
    String externalAddress;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "HTTP admin port (/health, /ready, /view, /metrics; /topology on a relay node); -1 = "
                    + "none. Default: ${DEFAULT-VALUE}.")
    String adminPort;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION",
            description = "How often a member tells the others it is alive. Default: ${DEFAULT-VALUE}.")
    String heartbeatInterval;

    @Option(names = "--suspect-timeout", paramLabel = "DURATION",
            description = "Silence after which a member is suspected. Default: ${DEFAULT-VALUE}.")
    String suspectTimeout;

    @Option(names = "--verify-timeout", paramLabel = "DURATION",
            description = "How long a suspected member has to answer before it is excluded. "
                    + "Default: ${DEFAULT-VALUE}.")
    String verifyTimeout;

    @Option(names = "--bridge", paramLabel = "NAME",
            description = "Relay node: the bridge cluster its site masters join. Default: ${DEFAULT-VALUE}.")
    String bridge;

    @Option(names = "--max-site-masters", paramLabel = "N",
            description = "Relay node: how many members of the site are site masters. Default: ${DEFAULT-VALUE}.")
    String maxSiteMasters;

    @Option(names = "--can-become-site-master", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
            description = "Relay node: whether this member may be a site master. Default: ${DEFAULT-VALUE}.")
    String canBecomeSiteMaster;

    @Mixin
    SecurityOptions security;

    /** The configuration: {@code defaults}, then the {@code --config} file, then {@code environment}, then flags. */
    NodeConfig load(ConfigOptions<NodeConfig> options, NodeConfig defaults, Map<String, String> environment,
                    ParseResult parsed) {
        YamlConfig file = config == null ? YamlConfig.NONE : YamlConfig.read(config);
        return new ConfigLoader<>(options.schema()).load(defaults, file, environment, options.flags(parsed));
    }
}
