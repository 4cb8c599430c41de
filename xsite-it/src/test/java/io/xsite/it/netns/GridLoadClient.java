package io.xsite.it.netns;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.client.FailoverClient;
import io.xsite.net.tls.TlsConfig;
import io.xsite.net.tls.TlsMaterial;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the grid's load processes of {@link NetnsGridIT} share ({@link GridWriter}, {@link GridChecker}): their
 * command line, the keys and values they write and read, the client they speak through, and the lines they print,
 * each in one write to stdout (a SIGKILL leaves whole lines behind).
 *
 * <p>Command line: {@code SITE TLS-DIR DATABASE PREFIX IP:PORT[,IP:PORT...] [ACKED-FILE]}.
 */
final class GridLoadClient {
    private static final Pattern ACKED = Pattern.compile("acked (\\d+)");
    private static final OutputStream STDOUT = new FileOutputStream(FileDescriptor.out);

    private GridLoadClient() {
    }

    /** The load's settings, from its command line. */
    record Settings(String site, Path tlsDir, int database, String prefix, List<InetSocketAddress> resp,
                    Path ackedFile) {
        static Settings parse(String[] args) {
            List<InetSocketAddress> resp = Arrays.stream(args[4].split(",")).map(endpoint -> {
                String[] ipAndPort = endpoint.split(":", 2);
                return new InetSocketAddress(ipAndPort[0], Integer.parseInt(ipAndPort[1]));
            }).toList();
            return new Settings(args[0], Path.of(args[1]), Integer.parseInt(args[2]), args[3], resp,
                    args.length > 5 ? Path.of(args[5]) : null);
        }

        /** The command line that {@link #parse} reads back. */
        static String[] arguments(String site, Path tlsDir, int database, String prefix, List<String> resp,
                                  String... ackedFile) {
            List<String> line = new ArrayList<>(List.of(site, tlsDir.toString(), String.valueOf(database),
                    prefix, String.join(",", resp)));
            line.addAll(List.of(ackedFile));
            return line.toArray(String[]::new);
        }

        /** The client of this site's RESP endpoints alone (nowhere to fail over to), with the TLS material of {@link #tlsDir}. */
        FailoverClient client() {
            return FailoverClient.builder().meterRegistry(new SimpleMeterRegistry()).site(site, resp).home(site)
                    .database(database).tls(TlsMaterial.load(TlsConfig.inDirectory(tlsDir)).clientContext()).build();
        }

        String key(long i) {
            return prefix + "-" + i;
        }

        String value(long i) {
            return prefix + "-value-" + i;
        }
    }

    /** Prints {@code line} and its newline in one write, so a process killed meanwhile leaves no part of a line. */
    static synchronized void print(String line) {
        try {
            STDOUT.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line {@link GridWriter} prints when the write of key {@code i} was acknowledged. */
    static String ackedLine(long i) {
        return "acked " + i;
    }

    /** The key number {@code line} says was acknowledged, if it is such a line. */
    static OptionalInt acked(String line) {
        Matcher m = ACKED.matcher(line);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** The key numbers of {@code lines} that were acknowledged, in the order they were. */
    static List<Integer> acked(List<String> lines) {
        return lines.stream().map(GridLoadClient::acked).filter(OptionalInt::isPresent).map(OptionalInt::getAsInt)
                .toList();
    }
}
