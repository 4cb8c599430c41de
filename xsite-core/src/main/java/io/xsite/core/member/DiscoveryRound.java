package io.xsite.core.member;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.discovery.Candidate;
import io.xsite.core.discovery.Discovery;
import io.xsite.core.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One discovery round: asks the discovery for candidates, turns physical addresses into members
 * (the transport's probe: connect and read the peer's identity), tells the transport where each member
 * listens, and hands the members found to {@code result}. At most one round at a time (a request while one
 * runs is folded into it).
 *
 * <p>Threads: started on the member's event loop. The discovery answers on threads of its own (DNS, the
 * Kubernetes API); its answer comes back through the member's executor, so that the transport, which is
 * confined to that loop, is only ever called there, and so does every probe's outcome and the result.
 */
final class DiscoveryRound {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryRound.class);

    private final String logName;
    private final Discovery discovery;
    private final Transport transport;
    private final MemberExecutor executor;
    private final UuidAddress self;
    private final Duration probeTimeout;
    private final Consumer<Set<UuidAddress>> result;
    private boolean running;

    /**
     * @param discovery null when none is configured: every round finds nobody
     * @param result    receives the members found, on the member's loop
     */
    DiscoveryRound(String logName, Discovery discovery, Transport transport, MemberExecutor executor,
                   UuidAddress self, Duration probeTimeout, Consumer<Set<UuidAddress>> result) {
        this.logName = logName;
        this.discovery = discovery;
        this.transport = transport;
        this.executor = executor;
        this.self = self;
        this.probeTimeout = probeTimeout;
        this.result = result;
    }

    /** Starts a round unless one is running; on the member's loop. */
    void run() {
        executor.assertInThread();
        if (running) {
            return;
        }
        running = true;
        CompletionStage<List<Candidate>> found = discovery == null
                ? CompletableFuture.completedFuture(List.of()) : discovery.find();
        // Rejected once the member closed: the round then ends without a result, as nobody waits for it.
        found.thenComposeAsync(this::identify, executor).whenCompleteAsync((members, failure) -> {
            running = false;
            if (failure != null) {
                log.warn("[{}] discovery failed: {}", logName, failure.toString());
                result.accept(Set.of());
            } else {
                log.debug("[{}] discovery found {}", logName, members);
                result.accept(members);
            }
        }, executor);
    }

    private CompletionStage<Set<UuidAddress>> identify(List<Candidate> candidates) {
        List<CompletableFuture<UuidAddress>> identities = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.member() != null) {
                transport.learn(candidate.member(), candidate.physical());
                identities.add(CompletableFuture.completedFuture(candidate.member()));
            } else if (!candidate.physical().equals(transport.physicalAddress())) {
                identities.add(probe(candidate));
            }
        }
        return CompletableFuture.allOf(identities.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Set<UuidAddress> members = new LinkedHashSet<>();
            for (CompletableFuture<UuidAddress> identity : identities) {
                UuidAddress member = identity.join();
                if (member != null && !member.equals(self)) {
                    members.add(member);
                }
            }
            return members;
        });
    }

    /** The member at a physical address, or null when nothing answers there in time. */
    private CompletableFuture<UuidAddress> probe(Candidate candidate) {
        // The timeout fires on a timer thread of the JDK's: the outcome goes back to the loop either way.
        return transport.probe(candidate.physical()).toCompletableFuture()
                .orTimeout(probeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((member, failure) -> {
                    if (failure != null) {
                        log.debug("[{}] nobody answers at {}: {}", logName, candidate.physical(), failure.toString());
                        return null;
                    }
                    transport.learn(member, candidate.physical());
                    return member;
                }, executor);
    }
}
