package io.xsite.bench.site;

import io.xsite.bench.BoundedPoll;
import io.xsite.bench.JGroupsStack;
import io.xsite.core.discovery.LoopbackPorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.blocks.MessageDispatcher;
import org.jgroups.blocks.RequestOptions;
import org.jgroups.util.RspList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JGroups 5.5 channels with the {@link JGroupsStack} on loopback, each with a {@link MessageDispatcher}
 * for request/response (its request handler echoes the request's bytes, as the xsite members do) and a
 * {@link JGroupsInbox} that hands plain messages to the benchmark's ledger. {@link JChannel#send} blocks while UFC/MFC have no credits, which is the
 * backpressure the benchmark relies on.
 */
final class JGroupsCluster implements SiteCluster {
    private static final Logger LOG = LoggerFactory.getLogger(JGroupsCluster.class);
    private static final String CLUSTER = "site-bench";

    private final List<JChannel> channels = new ArrayList<>();
    private final List<MessageDispatcher> dispatchers = new ArrayList<>();
    private volatile Deliveries deliveries;

    private JGroupsCluster() {
    }

    /** Starts {@code size} channels, one after the other, and waits until each has a view of all of them. */
    static JGroupsCluster start(int size, Duration timeout) throws Exception {
        JGroupsCluster cluster = new JGroupsCluster();
        try {
            List<Integer> ports = LoopbackPorts.free(size);
            for (int i = 0; i < size; i++) {
                cluster.connect(i, ports);
            }
            BoundedPoll.until(timeout, () -> cluster.channels.stream()
                    .allMatch(c -> c.getView() != null && c.getView().size() == size),
                    () -> "jgroups views: " + cluster.channels.stream().map(JChannel::getView).toList());
            LOG.info("jgroups: {} members in view, bundler {}", size,
                    cluster.channels.get(0).getProtocolStack().getTransport().getBundlerClass());
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private void connect(int index, List<Integer> ports) throws Exception {
        JChannel channel = new JChannel(JGroupsStack.protocols(ports.get(index), ports)).name("j" + index);
        channels.add(channel);
        MessageDispatcher dispatcher = new MessageDispatcher(channel,
                request -> Arrays.copyOfRange(request.getArray(), request.getOffset(),
                        request.getOffset() + request.getLength()));
        channel.setUpHandler(new JGroupsInbox(dispatcher.protocolAdapter(), index, () -> deliveries));
        dispatchers.add(dispatcher);
        channel.connect(CLUSTER);
    }

    @Override
    public String system() {
        return "jgroups";
    }

    @Override
    public int size() {
        return channels.size();
    }

    @Override
    public void deliverTo(Deliveries value) {
        deliveries = value;
    }

    @Override
    public void send(int from, int to, byte[] payload) throws Exception {
        channels.get(from).send(new BytesMessage(channels.get(to).getAddress(), payload));
    }

    @Override
    public void sendToAll(int from, byte[] payload) throws Exception {
        channels.get(from).send(new BytesMessage(null, payload));
    }

    /** Nothing to wait for: a JGroups send returns once its reliable layer owns the message. */
    @Override
    public void awaitSent(int from, Duration timeout) {
    }

    @Override
    public void request(int from, int to, byte[] payload, Duration timeout) throws Exception {
        // Throws a TimeoutException when no reply comes in time.
        dispatchers.get(from).sendMessage(new BytesMessage(channels.get(to).getAddress(), payload),
                RequestOptions.SYNC().timeout(timeout.toMillis()));
    }

    @Override
    public void requestAll(int from, byte[] payload, Duration timeout) throws Exception {
        RspList<Object> replies = dispatchers.get(from).castMessage(null, new BytesMessage(null, payload),
                RequestOptions.SYNC().timeout(timeout.toMillis()));
        if (replies.numReceived() != channels.size()) {
            throw new TimeoutException("not every member replied: " + replies);
        }
    }

    @Override
    public void close() {
        // stop() detaches the dispatcher from its channel without close()'s checked IOException.
        dispatchers.forEach(MessageDispatcher::stop);
        channels.forEach(JChannel::close);
    }
}
