package io.xsite.cli;

import io.xsite.net.admin.AdminToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One request of a tool ({@code xsite probe}, {@code xsite grid}) to a node's admin endpoint, with the admin
 * token when a file names one; what goes wrong is a {@link CommandFailure} of one line naming the endpoint.
 */
final class AdminHttp {
    private AdminHttp() {
    }

    /**
     * Sends {@code request} (its URI and method set), waiting at most {@code wait}, with the token in
     * {@code tokenFile} if present.
     *
     * @param endpoint {@code host:port}, as messages name it
     */
    static HttpResponse<String> send(HttpRequest.Builder request, String endpoint, Optional<Path> tokenFile,
                                     Duration wait) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(wait).build();
        tokenFile.ifPresent(file -> request.header("Authorization", "Bearer " + token(file)));
        try {
            return http.send(request.timeout(wait).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new CommandFailure("admin endpoint " + endpoint + " did not answer within " + wait.toMillis() + "ms",
                    e);
        } catch (IOException e) {
            throw new CommandFailure("cannot reach admin endpoint " + endpoint + " (" + reason(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while asking admin endpoint " + endpoint, e);
        }
    }

    /** The failure for a 401: the token is missing or not the endpoint's. */
    static CommandFailure unauthorized(String endpoint, Optional<Path> tokenFile) {
        return new CommandFailure("admin endpoint " + endpoint + " needs its admin token ("
                + (tokenFile.isPresent() ? "the one in " + tokenFile.get() + " is not it"
                : "set --admin-token-file or XSITE_ADMIN_TOKEN_FILE") + ")", null);
    }

    /** The token in {@code file}; one line naming the file if it cannot be read or holds none. */
    private static String token(Path file) {
        try {
            return AdminToken.readText(file);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage() + " (" + AdminTokenFile.NAME + ")", e);
        }
    }

    /**
     * Why the exchange failed: the first message in the cause chain. The JDK's client reports a refused
     * connect as ConnectException without any message, so a chain without one that holds a
     * ConnectException was refused.
     */
    private static String reason(IOException failure) {
        boolean connect = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
            connect |= cause instanceof ConnectException;
        }
        return connect ? "connection refused" : failure.getClass().getSimpleName();
    }
}
