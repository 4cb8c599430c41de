package io.xsite.bench.relay;

import java.time.Duration;

/**
 * Two running sites of one system under test (xsite or JGroups with RELAY3), bridged through two gossip
 * routers of that system: nyc with members 0 to 4, sfc with members 5 to 7, one site master per site.
 * The benchmark drives both systems through this interface so that load and counting are identical;
 * only the calls into each system differ.
 *
 * <p>Every member answers a chat line ({@link BenchPayload#CHAT}) with a reply to the line's sender;
 * everything else goes to the {@link Inbox}.
 */
interface RelaySystem extends AutoCloseable {
    /** Members of site nyc (numbered first). */
    int NYC_MEMBERS = 5;
    /** Members of site sfc (numbered after nyc's). */
    int SFC_MEMBERS = 3;
    /** Members of both sites. */
    int MEMBERS = NYC_MEMBERS + SFC_MEMBERS;
    /** The first site's name. */
    String NYC = "nyc";
    /** The second site's name. */
    String SFC = "sfc";

    /** The site of member {@code index}. */
    static String siteOf(int index) {
        return index < NYC_MEMBERS ? NYC : SFC;
    }

    /** The index of member {@code i} of {@code site}, numbered from 0 within the site. */
    static int index(String site, int i) {
        return site.equals(NYC) ? i : NYC_MEMBERS + i;
    }

    /** The system's name in tables: {@code xsite} or {@code jgroups}. */
    String system();

    /** The index of {@code site}'s current site master. */
    int siteMaster(String site);

    /**
     * The last member of {@code site} that is not its site master: senders and receivers of the scenarios,
     * so that traffic takes the full path member, site master, bridge, site master, member.
     */
    default int lastOrdinary(String site) {
        int last = site.equals(NYC) ? NYC_MEMBERS - 1 : MEMBERS - 1;
        return last == siteMaster(site) ? last - 1 : last;
    }

    /**
     * The first member of {@code site} that is not its site master: the failover's sender and receiver,
     * so that its streams are new ones, not those of the throughput scenarios (which may still hold a
     * backlog).
     */
    default int firstOrdinary(String site) {
        int first = site.equals(NYC) ? 0 : NYC_MEMBERS;
        return first == siteMaster(site) ? first + 1 : first;
    }

    /** From now on, deliveries go to {@code inbox}. */
    void deliverTo(Inbox inbox);

    /** Sends {@code payload} (handed over) from member {@code from} to member {@code to}; blocks under backpressure. */
    void send(int from, int to, byte[] payload) throws Exception;

    /** Sends {@code payload} (handed over) from member {@code from} to every member of both sites, itself included. */
    void sendToAll(int from, byte[] payload) throws Exception;

    /** Waits until the system took every send of member {@code from} so far; fails if one failed. */
    void awaitSent(int from, Duration timeout) throws Exception;

    /** Crashes member {@code index}: it stops at once, its sockets close, it leaves nothing and says nothing. */
    void crash(int index) throws Exception;

    /** Stops every member that still runs, and the routers. */
    @Override
    void close();
}
