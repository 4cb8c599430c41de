package io.xsite.net.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The digest of the token in a file, read again when the file's modification time changes, checked at most
 * once per interval. A Kubernetes Secret volume replaces its files by swapping a symbolic link, so the path
 * then names a new file with a new time. A file that cannot be read again, or holds no token, leaves the
 * previous token in use (a WARN line says why): an operator's mistake never opens the endpoint, nor locks the
 * operator out until a restart.
 */
final class TokenFile implements Supplier<byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);

    private final Path file;
    private final long checkEveryNanos;
    private final LongSupplier nanoTime;
    /** Atomic: the same token may serve the admin servers of several components. */
    private final AtomicReference<Loaded> loaded;

    /**
     * Reads {@code file} now.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read, is empty, or holds no bearer token
     */
    TokenFile(Path file, Duration checkEvery, LongSupplier nanoTime) {
        this.file = file;
        this.checkEveryNanos = checkEvery.toNanos();
        this.nanoTime = nanoTime;
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            modified = FileTime.fromMillis(0);
        }
        this.loaded = new AtomicReference<>(new Loaded(AdminToken.sha256(AdminToken.readText(file)), modified,
                nanoTime.getAsLong()));
    }

    @Override
    public byte[] get() {
        Loaded current = loaded.get();
        long now = nanoTime.getAsLong();
        if (now - current.checkedAt() < checkEveryNanos) {
            return current.digest();
        }
        Loaded next;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(current.modified())) {
                next = new Loaded(current.digest(), modified, now);
            } else {
                next = new Loaded(AdminToken.sha256(AdminToken.readText(file)), modified, now);
                LOG.info("admin token file {} changed: its new token is in use", file);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("admin token file {} cannot be read again ({}); the previous token stays in use", file,
                    e.getMessage());
            next = new Loaded(current.digest(), current.modified(), now);
        }
        loaded.compareAndSet(current, next);
        return next.digest();
    }

    /**
     * @param digest    the token's digest
     * @param modified  the file's modification time when it was read
     * @param checkedAt when the file was last checked, on the clock's scale
     */
    private record Loaded(byte[] digest, FileTime modified, long checkedAt) {
    }
}
