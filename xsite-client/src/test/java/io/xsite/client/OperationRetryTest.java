package io.xsite.client;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.grid.GridException;
import io.xsite.grid.InMemoryGrid;
import io.xsite.grid.resp.RespConfig;
import io.xsite.grid.resp.RespPassword;
import io.xsite.grid.resp.RespServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What happens to each kind of operation when its site fails: an idempotent one goes to the next site, an
 * increment sent to a site that never answered fails as "outcome unknown", one refused with {@code CLUSTERDOWN}
 * (applied nowhere) goes on, and with no site at all every operation fails by its deadline.
 */
class OperationRetryTest {
    private final ExecutorService completions = Executors.newFixedThreadPool(2);
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        completions.shutdownNow();
    }

    @Test
    void aSiteThatStopsAnsweringFailsTheIncrementInFlightAndRetriesTheReadsAndWrites() throws IOException {
        SilentServer silent = open(new SilentServer());
        InMemoryGrid sfcGrid = grid();
        RespServer sfc = serve(sfcGrid, RespConfig.listeningOn(loopback()));
        List<FailoverEvent> events = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FailoverClient client = open(FailoverClient.builder()
                .site("nyc", List.of(silent.address()))
                .site("sfc", List.of(sfc.address()))
                .readiness((home, current) -> CompletableFuture.completedFuture(Readiness.notYet("test")))
                .timeouts(ClientTimeouts.DEFAULTS.withResponse(ofMillis(500)))
                .meterRegistry(registry)
                .listener(events::add)
                .build());

        CompletableFuture<Long> incr = client.incr("counter");
        CompletableFuture<Void> set = client.set("k", "v");
        CompletableFuture<Optional<String>> get = client.get("k");

        assertThatThrownBy(incr::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(OutcomeUnknownException.class).hasMessageContaining("INCR was sent to site nyc");
        set.join();
        assertThat(get.join()).contains("v");
        assertThat(sfcGrid.cache("default").orElseThrow().get("counter".getBytes()).join()).isEmpty();
        assertThat(events).extracting(FailoverEvent::to).containsExactly("sfc");
        assertThat(events.get(0).detail()).contains("did not answer within 500 ms");
        assertThat(registry.get("xsite_client_failures").tag("reason", "outcome_unknown").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("xsite_client_retries").tag("site", "nyc").counter().count()).isEqualTo(2);
        assertThat(silent.bytesRead()).isGreaterThan(0);
    }

    @Test
    void anIncrementRefusedWithClusterDownGoesToTheNextSiteOnce() {
        InMemoryGrid nycGrid = grid();
        nycGrid.refuseWrites(new GridException(GridException.Reason.CLUSTER_DOWN, "no majority of the last view"));
        RespServer nyc = serve(nycGrid, RespConfig.listeningOn(loopback()).withPassword(RespPassword.of("secret")));
        InMemoryGrid sfcGrid = grid();
        RespServer sfc = serve(sfcGrid, RespConfig.listeningOn(loopback()).withPassword(RespPassword.of("secret")));
        List<FailoverEvent> events = new CopyOnWriteArrayList<>();
        FailoverClient client = open(FailoverClient.builder()
                .site("nyc", List.of(nyc.address()))
                .site("sfc", List.of(sfc.address()))
                .password("secret")
                .readiness((home, current) -> CompletableFuture.completedFuture(Readiness.notYet("test")))
                .meterRegistry(new SimpleMeterRegistry())
                .listener(events::add)
                .build());

        assertThat(client.incr("counter").join()).isEqualTo(1);
        assertThat(client.incr("counter").join()).isEqualTo(2);

        assertThat(events).extracting(FailoverEvent::to, FailoverEvent::reason)
                .containsExactly(tuple("sfc", SwitchReason.FAILOVER));
        assertThat(events.get(0).detail()).contains("CLUSTERDOWN");
        assertThat(nycGrid.cache("default").orElseThrow().get("counter".getBytes()).join()).isEmpty();
    }

    @Test
    void withEverySiteDownAnOperationFailsByItsDeadline() throws IOException {
        InetSocketAddress nowhere;
        InetSocketAddress nowhereElse;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = (InetSocketAddress) a.getLocalSocketAddress();
            nowhereElse = (InetSocketAddress) b.getLocalSocketAddress();
        }
        FailoverClient client = open(FailoverClient.builder()
                .site("nyc", List.of(nowhere))
                .site("sfc", List.of(nowhereElse))
                .timeouts(ClientTimeouts.DEFAULTS.withOperation(ofSeconds(1)))
                .meterRegistry(new SimpleMeterRegistry())
                .build());

        assertThatThrownBy(() -> client.get("k").join()).hasCauseInstanceOf(NoSiteAvailableException.class)
                .hasMessageContaining("no site answered GET within 1000 ms");
    }

    @Test
    void anErrorAboutTheOperationIsTheCallersAndMovesNothing() {
        RespServer nyc = serve(grid(), RespConfig.listeningOn(loopback()));
        RespServer sfc = serve(grid(), RespConfig.listeningOn(loopback()));
        FailoverClient client = open(FailoverClient.builder()
                .site("nyc", List.of(nyc.address()))
                .site("sfc", List.of(sfc.address()))
                .meterRegistry(new SimpleMeterRegistry())
                .build());
        client.set("text", "not a number").join();

        assertThatThrownBy(() -> client.incr("text").join()).hasCauseInstanceOf(ServerErrorException.class)
                .hasMessageContaining("ERR value is not an integer");
        assertThat(client.command(Retry.IDEMPOTENT, "PING").join()).isEqualTo(new RespValue.Simple("PONG"));
        assertThat(client.activeSite()).isEqualTo("nyc");
    }

    private InMemoryGrid grid() {
        return new InMemoryGrid(List.of("default"), completions, System::currentTimeMillis);
    }

    private RespServer serve(InMemoryGrid grid, RespConfig config) {
        return open(RespServer.start(grid, List.of("default"), config, new SimpleMeterRegistry()));
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(0, closeable);
        return closeable;
    }

    /** Accepts connections and reads whatever comes, never answering: a site that hangs. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicLong read = new AtomicLong();
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            Thread acceptor = new Thread(this::accept, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        long bytesRead() {
            return read.get();
        }

        private void accept() {
            try {
                while (true) {
                    Socket connection = socket.accept();
                    accepted.add(connection);
                    Thread reader = new Thread(() -> drain(connection), "silent-reader");
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void drain(Socket connection) {
            byte[] buffer = new byte[4096];
            try (InputStream in = connection.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    read.addAndGet(n);
                }
            } catch (IOException closed) {
                // the client gave up on us
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
