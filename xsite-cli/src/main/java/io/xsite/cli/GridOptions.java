package io.xsite.cli;

import picocli.CommandLine.Option;

/**
 * The options of {@link GridSettings}' keys, for {@code xsite node} only (a picocli mixin). As with
 * {@link NodeOptions}, the fields only declare the options: their values are read through picocli's model.
 */
final class GridOptions {
    @Option(names = "--resp-port", paramLabel = "PORT",
            description = "Port of the grid's Redis protocol (RESP) server; -1 = no grid. Default: ${DEFAULT-VALUE}.")
    String respPort;

    @Option(names = "--resp-password-file", paramLabel = "FILE",
            description = "File holding the password RESP clients AUTH with (a client certificate of the CA "
                    + "works too). Default: none.")
    String respPasswordFile;

    @Option(names = "--resp-max-request-bytes", paramLabel = "SIZE",
            description = "Most bytes one RESP request may hold (512MiB, 64MiB, ...). Default: ${DEFAULT-VALUE}.")
    String respMaxRequestBytes;

    @Option(names = "--grid-caches", paramLabel = "LIST",
            description = "The grid's caches, NAME[:OWNERS] comma-separated (OWNERS a number or all; RESP "
                    + "database n is the n-th, 0 is default). Default: ${DEFAULT-VALUE}.")
    String gridCaches;

    @Option(names = "--grid-backups", paramLabel = "LIST",
            description = "Backup sites per cache, CACHE=SITE:sync|async[:TIMEOUT[:fail|warn|ignore"
                    + "[:AFTER-FAILURES/MIN-WAIT[/MAX-KEYS]]]] comma-separated (MAX-KEYS: keys tracked for "
                    + "an offline site per member). Default: none.")
    String gridBackups;

    @Option(names = "--grid-conflicts", paramLabel = "LIST",
            description = "Conflict policy per cache, CACHE=POLICY comma-separated (last-writer-wins, "
                    + "prefer-site:NAME, prefer-delete, prefer-write). Default: last-writer-wins.")
    String gridConflicts;
}
