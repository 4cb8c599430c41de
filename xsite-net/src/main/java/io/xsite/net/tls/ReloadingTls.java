package io.xsite.net.tls;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's TLS material, read again whenever its files change: a Kubernetes Secret or cert-manager
 * renewal swaps the files in place, and the next connection uses the new certificate, without a restart.
 * Connections already open keep the session they negotiated, so a rotation loses nothing in flight. New
 * files that do not load (half written, mismatched, expired) are reported and the current material kept.
 *
 * <p>Threads: the files are checked on one daemon thread per instance; {@link #current()} may be read
 * from any thread (event loops read it for every new connection).
 */
public final class ReloadingTls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTls.class);

    private final TlsConfig config;
    private final ScheduledExecutorService checker;
    private final List<Consumer<TlsMaterial>> listeners = new CopyOnWriteArrayList<>();
    private volatile TlsMaterial current;
    /** The files last found unusable, so that they are reported once, not at every check. */
    private byte[] rejected = new byte[0];

    private ReloadingTls(TlsConfig config, TlsMaterial initial) {
        this.config = config;
        this.current = initial;
        this.checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "xsite-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Loads the material {@code config} names and starts checking its files every {@code config.reloadCheck()}.
     *
     * @throws IllegalArgumentException naming the file and the problem when the material cannot be used
     */
    public static ReloadingTls start(TlsConfig config) {
        TlsMaterial initial = TlsMaterial.load(config);
        ReloadingTls tls = new ReloadingTls(config, initial);
        long period = config.reloadCheck().toMillis();
        tls.checker.scheduleWithFixedDelay(tls::reloadIfChanged, period, period, TimeUnit.MILLISECONDS);
        LOG.info("TLS as {} from {} (certificate valid until {}, provider {})", initial.identity(),
                config.certificate().getParent(), initial.notAfter().toInstant(), TlsMaterial.provider());
        return tls;
    }

    /** The material in use now. */
    public TlsMaterial current() {
        return current;
    }

    /** The identity this process's certificate names. */
    public PeerIdentity identity() {
        return current.identity();
    }

    /**
     * Calls {@code listener} with each new material after it replaced the old one (on the checking thread),
     * until the returned action runs.
     */
    public Runnable onReload(Consumer<TlsMaterial> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Checks the files now, as the periodic check does; returns whether new material was taken. */
    public synchronized boolean reloadIfChanged() {
        TlsMaterial old = current;
        byte[] files = TlsMaterial.fingerprintOf(config);
        if (files.length == 0 || old.loadedFrom(files) || Arrays.equals(files, rejected)) {
            return false;
        }
        TlsMaterial loaded;
        try {
            loaded = TlsMaterial.load(config);
        } catch (RuntimeException e) {
            rejected = files;
            LOG.warn("TLS files in {} changed but cannot be used, keeping the current certificate: {}",
                    config.certificate().getParent(), e.getMessage());
            return false;
        }
        if (!loaded.identity().equals(old.identity())) {
            LOG.warn("TLS files in {} now name {} instead of {}; new connections use the new identity",
                    config.certificate().getParent(), loaded.identity(), old.identity());
        }
        current = loaded;
        LOG.info("TLS material reloaded from {} as {} (valid until {})", config.certificate().getParent(),
                loaded.identity(), loaded.notAfter().toInstant());
        for (Consumer<TlsMaterial> listener : listeners) {
            try {
                listener.accept(loaded);
            } catch (RuntimeException e) {
                LOG.warn("a TLS reload listener failed", e);
            }
        }
        return true;
    }

    /** Stops checking the files. */
    @Override
    public void close() {
        checker.shutdownNow();
    }
}
