package io.xsite.grid.resp;

import io.xsite.grid.GridCache;
import java.util.List;

/**
 * What one RESP connection has set: its protocol version ({@code HELLO}), database ({@code SELECT}),
 * authentication ({@code AUTH}, or its client certificate), name ({@code CLIENT SETNAME}) and whether it is a
 * Redis Cluster client ({@link ClusterCommands}). Plain
 * fields: confined to the connection's event loop, where its commands are dispatched in order.
 */
final class RespSession {
    private final long id;
    private final List<OrderedCache> databases;
    private final String peer;
    private int protocol = 2;
    private int database;
    private boolean authenticated;
    private String name = "";
    private String library = "";
    private String libraryVersion = "";
    private boolean closing;
    private boolean clusterClient;
    private boolean readOnly;

    /**
     * @param id            the connection's number, unique in the server ({@code CLIENT ID})
     * @param peer          the client's address, as logs and {@code CLIENT INFO} show it
     * @param authenticated whether it needs no {@code AUTH} (no password, or a client certificate)
     * @param databases     the cache of each database, database 0 first
     */
    RespSession(long id, String peer, boolean authenticated, List<GridCache> databases) {
        this.id = id;
        this.databases = databases.stream().map(OrderedCache::new).toList();
        this.peer = peer;
        this.authenticated = authenticated;
    }

    long id() {
        return id;
    }

    String peer() {
        return peer;
    }

    /** The RESP version replies are written in: 2 until {@code HELLO 3}. */
    int protocol() {
        return protocol;
    }

    void protocol(int version) {
        protocol = version;
    }

    /** The index of the selected database, the cache {@code SELECT} chose. */
    int database() {
        return database;
    }

    void database(int index) {
        database = index;
    }

    /** The selected database's cache, as this connection sees it (its operations on a key in order). */
    GridCache cache() {
        return databases.get(database);
    }

    /** How many databases {@code SELECT} chooses from. */
    int databaseCount() {
        return databases.size();
    }

    boolean authenticated() {
        return authenticated;
    }

    void authenticate() {
        authenticated = true;
    }

    String name() {
        return name;
    }

    void name(String value) {
        name = value;
    }

    /** The client library's {@code CLIENT SETINFO LIB-NAME} and {@code LIB-VER}. */
    void library(String libName, String libVersion) {
        library = libName == null ? library : libName;
        libraryVersion = libVersion == null ? libraryVersion : libVersion;
    }

    /** The line {@code CLIENT INFO} answers. */
    String describe() {
        return "id=" + id + " addr=" + peer + " name=" + name + " db=" + database + " resp=" + protocol
                + " lib-name=" + library + " lib-ver=" + libraryVersion;
    }

    /** Whether the client follows {@code -MOVED} redirects: it asked for the cluster's topology. */
    boolean clusterClient() {
        return clusterClient;
    }

    /** Whether a cluster client said {@code READONLY}: it may read from any owner of a slot. */
    boolean readOnly() {
        return readOnly;
    }

    /** Marks the connection a cluster client, reading only where {@code readOnly} ({@code READONLY}). */
    void clusterClient(boolean readOnly) {
        this.clusterClient = true;
        this.readOnly = readOnly;
    }

    /** Whether the connection closes once the replies so far are written ({@code QUIT}). */
    boolean closing() {
        return closing;
    }

    void closeAfterReply() {
        closing = true;
    }
}
