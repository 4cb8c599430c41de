package io.xsite.bench.site;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The benchmark's scenarios. Streams (to everyone, to one) measure throughput: senders send numbered
 * messages as fast as the system takes them and receivers count them. Requests measure latency: one
 * caller, one request outstanding at a time, each timed from the call to the reply.
 */
enum Scenario {
    /** Every member sends to everyone (itself included); counted: deliveries at the other members. */
    TO_ALL("to-all", "every member to everyone", true) {
        @Override
        void operate(SiteCluster cluster, int sender, byte[] payload, Duration timeout) throws Exception {
            cluster.sendToAll(sender, payload);
        }

        @Override
        long expected(int receiver, int sender, long sent) {
            return sent;
        }
    },
    /** Member 0 sends to member 1; counted: deliveries at member 1. */
    TO_ONE("to-one", "member 0 to member 1", true) {
        @Override
        void operate(SiteCluster cluster, int sender, byte[] payload, Duration timeout) throws Exception {
            cluster.send(sender, 1, payload);
        }

        @Override
        long expected(int receiver, int sender, long sent) {
            return receiver == 1 ? sent : 0;
        }
    },
    /** Member 0 asks member 1 and waits for the echo, one request at a time. */
    REQUEST("request", "request member 0 to member 1", false) {
        @Override
        void operate(SiteCluster cluster, int sender, byte[] payload, Duration timeout) throws Exception {
            cluster.request(sender, 1, payload, timeout);
        }
    },
    /** Member 0 asks every member (itself included) and waits for all replies, one request at a time. */
    REQUEST_ALL("request-all", "request member 0 to everyone", false) {
        @Override
        void operate(SiteCluster cluster, int sender, byte[] payload, Duration timeout) throws Exception {
            cluster.requestAll(sender, payload, timeout);
        }
    };

    private final String id;
    private final String description;
    private final boolean stream;

    Scenario(String id, String description, boolean stream) {
        this.id = id;
        this.description = description;
        this.stream = stream;
    }

    /** One operation of {@code sender}: a send (blocking while the system pushes back) or a whole request. */
    abstract void operate(SiteCluster cluster, int sender, byte[] payload, Duration timeout) throws Exception;

    /**
     * For streams: how many messages {@code receiver} must get from {@code sender} when the sender sent
     * {@code sent}; requests deliver nothing to the ledger.
     */
    long expected(int receiver, int sender, long sent) {
        return 0;
    }

    /** Whether this is a throughput stream (true) or a request/response latency scenario (false). */
    boolean isStream() {
        return stream;
    }

    /** The members that generate load: everyone to everyone, otherwise member 0. */
    int[] senders(int members) {
        return this == TO_ALL ? IntStream.range(0, members).toArray() : new int[] {0};
    }

    /** The name on the command line and in tables. */
    String id() {
        return id;
    }

    /** What the scenario does, for the table. */
    String description() {
        return description;
    }

    /** The scenario named {@code id} ({@code to-all}, {@code to-one}, {@code request}, {@code request-all}). */
    static Scenario of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + id + "', expected one of "
                        + Arrays.stream(values()).map(Scenario::id).toList()));
    }

    @Override
    public String toString() {
        return id;
    }
}
