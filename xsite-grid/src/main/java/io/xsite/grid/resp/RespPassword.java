package io.xsite.grid.resp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The password of the RESP port ({@code AUTH password}, {@code AUTH default password},
 * {@code HELLO 3 AUTH default password}). Only its SHA-256 digest is kept, and a presented password is
 * compared digest to digest in constant time; {@link #toString()} never shows it.
 */
public final class RespPassword {
    private final byte[] digest;

    private RespPassword(byte[] digest) {
        this.digest = digest;
    }

    /**
     * The password {@code password} (its UTF-8 bytes).
     *
     * @throws IllegalArgumentException if it is empty
     */
    public static RespPassword of(String password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the RESP password is empty");
        }
        return new RespPassword(sha256(password.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The password in {@code file}, without the white space around it (a file written by {@code echo} ends
     * with a newline).
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or is empty
     */
    public static RespPassword read(Path file) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read RESP password file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RESP password file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code presented} is the password; in time independent of where they differ. */
    boolean matches(byte[] presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    @Override
    public String toString() {
        return "RespPassword[hidden]";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
