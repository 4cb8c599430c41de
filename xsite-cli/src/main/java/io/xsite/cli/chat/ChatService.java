package io.xsite.cli.chat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.grid.xsite.RelaySiteLink;
import io.xsite.relay.RelayNode;
import io.xsite.relay.topology.MemberInfo;
import io.xsite.relay.topology.SiteView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat of a relay node, as the reference deployment's RelayDemo does it: a line goes to every member of
 * every site; every member prints {@code << TEXT from NAME:SITE} and answers the sender with a response;
 * the sender prints {@code << response from NAME:SITE} for each, then one summary line
 * ({@link ChatResult#summary()}). Every node that runs one answers chat lines, so a node started by
 * {@code xsite node} answers {@code xsite chat} and the demo's lines.
 *
 * <p>Attach exactly one service to a node ({@link #attach}): the node cannot drop a listener, and two
 * services would answer every line twice. What it prints goes to the consumer it was given (a console, a
 * log, a test's buffer); {@link #printTo} moves it, so a console can take over a service the demo made.
 * Threads: all methods are thread-safe; printing happens on the node's listener threads and on the
 * caller's.
 */
public final class ChatService {
    /** How long a line waits for its replies unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);
    /** How often {@link #awaitTopology} looks again. */
    private static final Duration TOPOLOGY_POLL = Duration.ofMillis(50);

    private final RelayNode node;
    private volatile Consumer<String> out;
    private final AtomicReference<ChatRound> round = new AtomicReference<>();

    private ChatService(RelayNode node, Consumer<String> out) {
        this.node = Objects.requireNonNull(node, "node");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Makes {@code node} answer chat lines and prints what arrives to {@code out}, one call per line. */
    public static ChatService attach(RelayNode node, Consumer<String> out) {
        ChatService chat = new ChatService(node, out);
        node.addMessageListener(chat::onMessage);
        return chat;
    }

    /** As {@link #attach(RelayNode, Consumer)}, printing to {@code out} (flushed after each line). */
    public static ChatService attach(RelayNode node, PrintWriter out) {
        return attach(node, lines(out));
    }

    /** A consumer that prints each line to {@code out} and flushes it, so that a reader sees it at once. */
    public static Consumer<String> lines(PrintWriter out) {
        return line -> {
            out.println(line);
            out.flush();
        };
    }

    /** The node this service chats on. */
    public RelayNode node() {
        return node;
    }

    /** From now on prints to {@code value}. */
    public void printTo(Consumer<String> value) {
        this.out = Objects.requireNonNull(value, "value");
    }

    /** Prints {@code line} where this service prints. */
    public void print(String line) {
        out.accept(line);
    }

    /**
     * The topology as the {@code topo} command prints it: per site, each member with its physical address,
     * {@code (me)} for this member and {@code // site master} for the site masters.
     */
    public List<String> topologyLines() {
        List<String> lines = new ArrayList<>();
        for (SiteView site : node.topology().values()) {
            lines.add(site.site());
            for (MemberInfo member : site.members()) {
                String physical = member.physical().isEmpty() ? "unknown" : member.physical();
                lines.add("  " + member.address() + " (" + physical + ")"
                        + (member.address().equals(node.address()) ? " (me)" : "")
                        + (site.siteMasters().contains(member.address()) ? " // site master" : ""));
            }
        }
        return lines;
    }

    /** Members known from the topology: every member of every site that is up, this one included. */
    public int knownMembers() {
        return knownBySite().values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Sends {@code text} to everyone and collects the replies; the result completes when {@code expected}
     * members replied or {@code timeout} passed, whichever is first, and its summary is printed then.
     * A line sent while another round is open ends that round.
     */
    public CompletableFuture<ChatResult> send(String text, int expected, Duration timeout) {
        ChatRound current = new ChatRound(text, knownBySite(), expected, System.nanoTime());
        ChatRound previous = round.getAndSet(current);
        if (previous != null) {
            previous.finish();
        }
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(current::finish);
        node.sendToAll(new ChatPayload(ChatPayload.Kind.LINE, text).encode()).whenComplete((ok, failure) -> {
            if (failure != null) {
                print("cannot send \"" + text + "\": " + failure.getMessage());
                current.finish();
            }
        });
        return current.done().thenApply(result -> {
            print(result.summary());
            return result;
        });
    }

    /** As {@link #send}, waiting for the result. */
    public ChatResult sendAndAwait(String text, int expected, Duration timeout) throws InterruptedException {
        try {
            return send(text, expected, timeout).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("chat round of " + node.address() + " failed", e.getCause());
        }
    }

    /** Sends {@code text} to everyone and waits up to {@link #DEFAULT_TIMEOUT} for every known member's reply. */
    public ChatResult sendAndAwait(String text) throws InterruptedException {
        return sendAndAwait(text, knownMembers(), DEFAULT_TIMEOUT);
    }

    /** Sends {@code text} to {@code to} alone; it prints the line and does not answer. */
    public CompletableFuture<Void> sendTo(UuidAddress to, String text) {
        return node.send(to, new ChatPayload(ChatPayload.Kind.DIRECT, text).encode());
    }

    /**
     * Waits up to {@code timeout} until the topology lists this node in its site and at least
     * {@code members} members in all; whether it does. A line sent before that reaches only the sites and
     * members known, so a console or a script waits first.
     */
    public boolean awaitTopology(int members, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The topology has no change events per member; a short poll is cheap and bounded by the deadline.
        while (!knows(members)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(TOPOLOGY_POLL.toMillis());
        }
        return true;
    }

    private boolean knows(int members) {
        SiteView own = node.topology().get(node.site());
        return own != null && own.addresses().contains(node.address()) && knownMembers() >= members;
    }

    private Map<String, Integer> knownBySite() {
        Map<String, Integer> known = new LinkedHashMap<>();
        for (SiteView site : node.topology().values()) {
            known.put(site.site(), site.members().size());
        }
        return known;
    }

    private void onMessage(Message message) {
        // Chat messages travel bare. The grid's messages inside a site carry its header, and its payloads between
        // sites its mark; read as chat, a grid message whose first byte happens to be a kind would be answered.
        if (!message.headers().isEmpty() || RelaySiteLink.isGridPayload(message.payload())) {
            return;
        }
        ChatPayload.decode(message.payload()).ifPresent(chat -> {
            UuidAddress sender = message.sender();
            switch (chat.kind()) {
                case LINE -> {
                    print("<< " + chat.text() + " from " + sender);
                    node.send(sender, new ChatPayload(ChatPayload.Kind.RESPONSE, chat.text()).encode())
                            .whenComplete((ok, failure) -> {
                                if (failure != null) {
                                    log.warn("[{}] cannot answer the chat line of {}: {}", node.address(), sender,
                                            failure.getMessage());
                                }
                            });
                }
                case RESPONSE -> {
                    print("<< response from " + sender);
                    ChatRound current = round.get();
                    if (current != null) {
                        current.onResponse(sender, chat.text(), System.nanoTime());
                    }
                }
                case DIRECT -> print("<< " + chat.text() + " from " + sender);
            }
        });
    }
}
