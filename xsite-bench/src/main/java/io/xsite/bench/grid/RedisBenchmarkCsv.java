package io.xsite.bench.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads what {@code redis-benchmark --csv} prints: a header line naming the columns, then one line per test,
 * every field quoted:
 * <pre>
 * "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
 * "SET","24777.01","1.452","0.192","1.111","3.791","6.303","15.431"
 * </pre>
 * Columns are found by name, so an older redis-benchmark with fewer latency columns is refused by name rather
 * than misread. Lines before the header (warnings) are skipped. A test that finished within a millisecond, which
 * redis-benchmark reports as {@code "inf"} requests/s, is refused with a hint to give it more requests.
 */
final class RedisBenchmarkCsv {
    private static final String HEADER_START = "\"test\",";

    private RedisBenchmarkCsv() {
    }

    /**
     * The figures of every test in {@code output}, in its order.
     *
     * @throws IllegalArgumentException if there is no header, a needed column is missing or a line does not parse
     */
    static List<CommandFigures> parse(String system, int pipeline, String output) {
        List<String> lines = output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        int header = IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith(HEADER_START)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no redis-benchmark CSV header in: " + output));
        List<String> names = fields(lines.get(header));
        Map<String, Integer> column = IntStream.range(0, names.size()).boxed()
                .collect(Collectors.toMap(names::get, i -> i, (a, b) -> a));
        int rps = index(column, "rps");
        int p50 = index(column, "p50_latency_ms");
        int p99 = index(column, "p99_latency_ms");
        List<CommandFigures> figures = new ArrayList<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            List<String> f = fields(line);
            if (f.size() != names.size()) {
                throw new IllegalArgumentException("expected " + names.size() + " fields: " + line);
            }
            if ("inf".equals(f.get(rps))) {
                // redis-benchmark divides by whole milliseconds: a test that ends within one reports "inf".
                throw new IllegalArgumentException("a test finished within a millisecond, too fast to measure:"
                        + " give redis-benchmark more requests (-n): " + line);
            }
            try {
                figures.add(new CommandFigures(system, pipeline, f.get(0), Double.parseDouble(f.get(rps)),
                        Double.parseDouble(f.get(p50)), Double.parseDouble(f.get(p99))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in: " + line, e);
            }
        }
        return figures;
    }

    private static int index(Map<String, Integer> column, String name) {
        Integer i = column.get(name);
        if (i == null) {
            throw new IllegalArgumentException("redis-benchmark CSV without a column " + name + " (redis-benchmark 7"
                    + " or later prints it): " + column.keySet());
        }
        return i;
    }

    /** The fields of one line: each quoted, none containing a quote (test names are plain words). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String field : line.split(",", -1)) {
            if (field.length() < 2 || field.charAt(0) != '"' || field.charAt(field.length() - 1) != '"') {
                throw new IllegalArgumentException("unquoted field '" + field + "' in: " + line);
            }
            out.add(field.substring(1, field.length() - 1));
        }
        return out;
    }
}
