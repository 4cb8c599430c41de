package io.xsite.net.loop;

import io.netty.channel.unix.Errors;
import java.net.SocketException;
import java.util.regex.Pattern;

/**
 * Socket errors as a user reads them, whichever transport {@link EventLoops} picked. The JDK reports a
 * taken port as a {@link java.net.BindException} "Address already in use"; Netty's native transport as
 * an {@link Errors.NativeIoException} "bind(..) failed with error(-98): Address already in use", which is
 * no {@link SocketException}. Both are the same failure to the user, with the same words.
 */
public final class SocketFailures {
    /** The system call and error number a native transport puts before the operating system's words. */
    private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

    private SocketFailures() {
    }

    /** Whether {@code failure} is a socket's (a bind, connect or I/O error of the operating system). */
    public static boolean isSocketFailure(Throwable failure) {
        return failure instanceof SocketException || failure instanceof Errors.NativeIoException;
    }

    /**
     * Whether {@code failure} says that nothing listens at the address dialled: the host answered the
     * connection attempt with a reset (ECONNREFUSED). A timeout, an unreachable host or a reset of an open
     * connection is not this. Both the JDK and Netty's native transport word it "Connection refused".
     */
    public static boolean isConnectionRefused(Throwable failure) {
        String message = failure instanceof java.net.ConnectException ? message(failure) : null;
        return message != null && message.startsWith("Connection refused");
    }

    /** The message of {@code failure} without a native transport's system-call prefix; null when it has none. */
    public static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? null : NATIVE_PREFIX.matcher(message).replaceFirst("");
    }
}
