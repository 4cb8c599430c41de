package io.xsite.grid.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** What {@link RespDecoder} passes on: a request, or the protocol violation that ends the connection. */
sealed interface RespFrame {

    /**
     * One command with its arguments, as the client sent them.
     *
     * @param arguments the command name first; never empty; the arrays belong to the request
     * @param bytes     the bytes of the arguments together, for the size limits and metrics
     * @param name      the command's name in lower case, as Redis' messages spell it (the first argument's)
     */
    record Request(List<byte[]> arguments, long bytes, String name) implements RespFrame {
        public Request {
            arguments = List.copyOf(arguments);
            if (arguments.isEmpty()) {
                throw new IllegalArgumentException("a request names a command");
            }
        }

        /** The request of {@code arguments}, its name taken from the first (looked up once per request). */
        Request(List<byte[]> arguments, long bytes) {
            this(arguments, bytes, arguments.isEmpty() ? ""
                    : new String(arguments.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
        }

        /** The number of arguments after the command's name. */
        int argumentCount() {
            return arguments.size() - 1;
        }

        /** Argument {@code index} (1 is the first after the name). */
        byte[] argument(int index) {
            return arguments.get(index);
        }

        /** Argument {@code index} as UTF-8 text. */
        String text(int index) {
            return new String(arguments.get(index), StandardCharsets.UTF_8);
        }
    }

    /**
     * Bytes that are not RESP, or a request over a limit: the client gets {@code -ERR message}, then the
     * connection is closed, as Redis does.
     *
     * @param message the error text after {@code ERR }, e.g. {@code Protocol error: invalid bulk length}
     * @param reason  the metric tag ({@code bulk_length}, {@code too_large}, ...)
     */
    record Violation(String message, String reason) implements RespFrame { }
}
