package io.xsite.it.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which {@code io.xsite} package uses which, read from the {@code import} lines of the main sources of every
 * module of the tree (no module needs to be built or on the class path, so one test sees them all, the CLI
 * and the benchmarks included). A reference by a fully qualified name without an import is not seen; the
 * code base imports what it uses.
 *
 * @param edges  package to the other {@code io.xsite} packages it imports from
 * @param module package to the module (directory name) whose main sources hold it
 */
record PackageGraph(Map<String, Set<String>> edges, Map<String, String> module) {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** An import's package: the name up to its first upper-case segment (a class), static imports included. */
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?(io\\.xsite(?:\\.[a-z_][\\w]*)*)\\.[A-Z]", Pattern.MULTILINE);

    /** The graph of the main sources of every {@code xsite-*} module under {@code root}. */
    static PackageGraph of(Path root) {
        Map<String, Set<String>> edges = new TreeMap<>();
        Map<String, String> module = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path dir : modules.filter(d -> d.getFileName().toString().startsWith("xsite-")).toList()) {
                Path sources = dir.resolve("src/main/java");
                if (Files.isDirectory(sources)) {
                    read(sources, dir.getFileName().toString(), edges, module);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PackageGraph(edges, module);
    }

    private static void read(Path sources, String moduleName, Map<String, Set<String>> edges,
                             Map<String, String> module) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher declared = PACKAGE.matcher(text);
                if (!declared.find()) {
                    continue;
                }
                String pkg = declared.group(1);
                module.put(pkg, moduleName);
                Set<String> targets = edges.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher imported = IMPORT.matcher(text);
                while (imported.find()) {
                    if (!imported.group(1).equals(pkg)) {
                        targets.add(imported.group(1));
                    }
                }
            }
        }
    }

    /** The packages of each cycle (strongly connected set of two or more packages), each sorted. */
    List<Set<String>> cycles() {
        return new Tarjan().run();
    }

    /** Tarjan's strongly connected components over {@link #edges}. */
    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> components = new ArrayList<>();

        List<Set<String>> run() {
            for (String pkg : edges.keySet()) {
                if (!index.containsKey(pkg)) {
                    visit(pkg);
                }
            }
            components.sort(Comparator.comparing(Set::toString));
            return components;
        }

        private void visit(String pkg) {
            index.put(pkg, index.size());
            low.put(pkg, index.get(pkg));
            stack.push(pkg);
            onStack.add(pkg);
            for (String next : edges.getOrDefault(pkg, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(pkg, Math.min(low.get(pkg), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(pkg, Math.min(low.get(pkg), index.get(next)));
                }
            }
            if (low.get(pkg).equals(index.get(pkg))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(pkg));
                if (component.size() > 1) {
                    components.add(component);
                }
            }
        }
    }
}
