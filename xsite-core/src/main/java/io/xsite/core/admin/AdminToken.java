package io.xsite.core.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The bearer token that opens an admin endpoint ({@code Authorization: Bearer <token>}). Only a digest of it
 * is kept, and a presented token is compared digest to digest with {@link MessageDigest#isEqual}, which takes
 * the same time wherever the first difference is: neither the bytes nor the length leak through timing.
 * {@link #toString()} never shows the token, so configurations holding one can be logged.
 */
public final class AdminToken {
    /** The characters of an RFC 6750 bearer token ({@code b64token}). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final byte[] digest;

    private AdminToken(String token) {
        this.digest = sha256(token);
    }

    /**
     * The token {@code token}.
     *
     * @throws IllegalArgumentException if it is empty or holds characters a bearer token cannot have
     */
    public static AdminToken of(String token) {
        check(token);
        return new AdminToken(token);
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
        return new AdminToken(readText(file));
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
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    @Override
    public String toString() {
        return "AdminToken[hidden]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
