package io.xsite.net.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The bearer token that opens an admin endpoint ({@code Authorization: Bearer <token>}). Only a digest of it
 * is kept, and a presented token is compared digest to digest with {@link MessageDigest#isEqual}, which takes
 * the same time wherever the first difference is: neither the bytes nor the length leak through timing.
 * {@link #toString()} never shows the token, so configurations holding one can be logged. A token read from a
 * file follows the file: when it changes (a Kubernetes Secret replaced), the new token is in use within
 * {@link #FILE_CHECK_INTERVAL}, without a restart.
 */
public final class AdminToken {
    /** How often a token file is checked for a change, at most: once per request after this much time. */
    public static final Duration FILE_CHECK_INTERVAL = Duration.ofSeconds(5);
    /** The characters of an RFC 6750 bearer token ({@code b64token}). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final Supplier<byte[]> digest;

    private AdminToken(Supplier<byte[]> digest) {
        this.digest = digest;
    }

    /**
     * The token {@code token}.
     *
     * @throws IllegalArgumentException if it is empty or holds characters a bearer token cannot have
     */
    public static AdminToken of(String token) {
        check(token);
        byte[] digest = sha256(token);
        return new AdminToken(() -> digest);
    }

    private static void check(String token) {
        Objects.requireNonNull(token, "token");
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException(token.isEmpty() ? "the admin token is empty"
                    : "the admin token holds characters a bearer token cannot have (letters, digits, -._~+/ and "
                    + "trailing = only)");
        }
    }

    /**
     * The token in {@code file}, UTF-8, without the surrounding white space (a file written by {@code echo}
     * ends with a newline; a Kubernetes Secret mounts the bytes as they were given).
     *
     * @throws IllegalArgumentException naming the file when it cannot be read, is empty, or holds no bearer token
     */
    public static AdminToken read(Path file) {
        return read(file, FILE_CHECK_INTERVAL, System::nanoTime);
    }

    /** As {@link #read(Path)}, checking the file every {@code checkEvery} of {@code nanoTime}'s clock. */
    static AdminToken read(Path file, Duration checkEvery, LongSupplier nanoTime) {
        return new AdminToken(new TokenFile(file, checkEvery, nanoTime));
    }

    /**
     * The token text in {@code file}, checked as {@link #read} checks it: for a client that sends the token
     * ({@code xsite probe}), which needs the text itself.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read, is empty, or holds no bearer token
     */
    public static String readText(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read admin token file " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " "
                    + e.getMessage()));
        }
        String token = text.strip();
        try {
            check(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("admin token file " + file + ": " + e.getMessage());
        }
        return token;
    }

    /** Whether {@code presented} is this token; in time independent of where they differ. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest.get(), sha256(presented));
    }

    @Override
    public String toString() {
        return "AdminToken[hidden]";
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
