package io.xsite.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How one kind of configuration value is written as text, the same in a YAML file, an environment
 * variable and a flag.
 *
 * @param what      what a valid value is, for error messages: "a port (0-65535)"
 * @param parser    text to value; throws {@link IllegalArgumentException} for text that is not valid
 * @param formatter value to the text {@code parser} accepts, for help and error examples
 * @param <T>       the Java type of the value
 */
public record ValueType<T>(String what, Function<String, T> parser, Function<T, String> formatter) {
    /** A TCP port, 0 (any free port) to 65535. */
    public static final ValueType<Integer> PORT = new ValueType<>("a port (0-65535)", ValueType::parsePort,
            String::valueOf);
    /** A TCP port, or -1 for "do not listen at all" (an optional endpoint). */
    public static final ValueType<Integer> PORT_OR_OFF = new ValueType<>("a port (0-65535), or -1 for none",
            ValueType::parsePortOrOff, String::valueOf);
    /** A size in bytes: {@code 65536}, {@code 512KiB}, {@code 8MiB}, {@code 1GiB}. */
    public static final ValueType<Integer> SIZE = new ValueType<>(
            "a size (bytes, or a whole number of KiB, MiB or GiB, at most 2GiB-1)", SizeText::parse,
            SizeText::format);
    /** A non-negative duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 0}, ISO-8601. */
    public static final ValueType<Duration> DURATION = new ValueType<>(
            "a duration (500ms, 30s, 5m, 1h, 1d, 0 or ISO-8601 like PT30S)", DurationText::parse,
            DurationText::format);
    /** {@code true} or {@code false}, in any case. */
    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("true or false", ValueType::parseBoolean,
            String::valueOf);
    /** A host name or IP address literal; not resolved here (that happens when it is used). */
    public static final ValueType<String> HOST = new ValueType<>("a host name or IP address", ValueType::parseHost,
            Function.identity());

    /** A file or directory path, as given (relative paths from the working directory); not checked here. */
    public static final ValueType<Path> PATH = new ValueType<>("a path", ValueType::parsePath, Path::toString);

    private static final Pattern HOST_TEXT = Pattern.compile("[A-Za-z0-9._:%\\[\\]-]{1,255}");

    public ValueType {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(formatter, "formatter");
    }

    /**
     * A value of {@code type} that may be absent: empty text (or only blanks) means none, and none is
     * written as empty text.
     */
    public static <T> ValueType<Optional<T>> optional(ValueType<T> type) {
        return new ValueType<>(type.what() + ", or empty for none",
                text -> text.isBlank() ? Optional.empty() : Optional.of(type.parse(text)),
                value -> value.map(type::format).orElse(""));
    }

    /**
     * The value {@code text} stands for.
     *
     * @throws IllegalArgumentException if {@code text} is not {@link #what()} this type accepts
     */
    public T parse(String text) {
        return Objects.requireNonNull(parser.apply(text), "parser result");
    }

    /** The text for {@code value} that {@link #parse} reads back as the same value. */
    public String format(T value) {
        return formatter.apply(value);
    }

    private static Integer parsePort(String text) {
        int port = Integer.parseInt(text.strip());
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }

    private static Integer parsePortOrOff(String text) {
        return text.strip().equals("-1") ? -1 : parsePort(text);
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }

    private static Path parsePath(String text) {
        String path = text.strip();
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        return Path.of(path);
    }

    private static String parseHost(String text) {
        String host = text.strip();
        if (!HOST_TEXT.matcher(host).matches()) {
            throw new IllegalArgumentException("not a host: " + text);
        }
        return host;
    }
}
