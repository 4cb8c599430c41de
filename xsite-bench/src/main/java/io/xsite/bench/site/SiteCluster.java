package io.xsite.bench.site;

import java.time.Duration;

/**
 * A running cluster of one system under test (xsite or JGroups), its members numbered 0 to
 * {@code size() - 1}, all in view of each other. The benchmark drives both systems through this one
 * interface so that the load and the counting are identical; only the calls into each system differ.
 *
 * <p>Sends block the calling thread while the system pushes back (full windows or missing credits), so a
 * loop of sends runs at the pace the system sustains without unbounded queues.
 */
interface SiteCluster extends AutoCloseable {

    /** The system's name in tables: {@code xsite} or {@code jgroups}. */
    String system();

    /** Number of members. */
    int size();

    /** From now on, every message a member receives is recorded in {@code deliveries}. */
    void deliverTo(Deliveries deliveries);

    /** Sends {@code payload} (handed over, not copied) from member {@code from} to member {@code to}. */
    void send(int from, int to, byte[] payload) throws Exception;

    /** Sends {@code payload} (handed over) from member {@code from} to every member, itself included. */
    void sendToAll(int from, byte[] payload) throws Exception;

    /**
     * Waits until every send of member {@code from} so far was taken by the system (its reliable layer
     * owns it), so that the drain that follows knows what was sent; fails if a send failed.
     */
    void awaitSent(int from, Duration timeout) throws Exception;

    /** Member {@code from} asks member {@code to} and waits for the reply; fails unless it replied. */
    void request(int from, int to, byte[] payload, Duration timeout) throws Exception;

    /** Member {@code from} asks every member, itself included, and waits; fails unless all replied. */
    void requestAll(int from, byte[] payload, Duration timeout) throws Exception;

    /** Stops every member. */
    @Override
    void close();
}
