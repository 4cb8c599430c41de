package io.xsite.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.xsite.grid.store.GridStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * README.md's "Use it in your application" shows what this module runs: every Java block after a line
 * {@code <!-- example: PATH -->} is exactly the part of PATH between {@code // tag::readme[]} and
 * {@code // end::readme[]} (without its common indentation), every example with such a part is shown, and the
 * dependency block names this build's coordinates. A failure prints the block to paste.
 */
class ReadmeExamplesTest {
    /** The repository root; tests run in the module directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");
    private static final Path EXAMPLES = ROOT.resolve("xsite-examples/src/main/java/io/xsite/examples");
    private static final Pattern EXAMPLE_LINE = Pattern.compile("^<!-- example: (\\S+) -->$");
    private static final String BEGIN = "// tag::readme[]";
    private static final String END = "// end::readme[]";
    private static final String FENCE = "```";

    @TestFactory
    Stream<DynamicTest> everyExampleBlockOfTheReadmeIsTheExampleSource() throws IOException {
        List<ExampleBlock> blocks = ExampleBlock.parse(Files.readAllLines(README));
        assertThat(blocks).as("example blocks in %s", README).isNotEmpty();
        return blocks.stream().map(block -> dynamicTest(block.path() + " (README.md line " + block.line() + ")",
                () -> {
                    String source = taggedPart(ROOT.resolve(block.path()));

                    assertThat(block.code())
                            .withFailMessage("README.md line %d, the code of %s, is stale; replace the block with:"
                                    + "%n```java%n%s```", block.line(), block.path(), source)
                            .isEqualTo(source);
                }));
    }

    @Test
    void theReadmeShowsEveryExample() throws IOException {
        List<String> shown = ExampleBlock.parse(Files.readAllLines(README)).stream().map(ExampleBlock::path).toList();
        List<String> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.filter(file -> contains(file, BEGIN)).map(file -> ROOT.relativize(file).toString())
                    .sorted().toList();
        }

        assertThat(examples).as("examples with a README part").isNotEmpty();
        assertThat(shown).as("examples README.md shows").containsAll(examples);
    }

    @Test
    void theDependencyBlockNamesThisBuildsCoordinates() throws IOException {
        String readme = Files.readString(README);
        Matcher dependency = Pattern.compile("<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)"
                + "</artifactId>\\s*<version>([^<]+)</version>\\s*</dependency>").matcher(readme);
        assertThat(dependency.find()).as("a <dependency> block in README.md").isTrue();

        assertThat(dependency.group(1)).as("groupId").isEqualTo("io.xsite");
        assertThat(dependency.group(3)).as("version").isEqualTo(System.getProperty("xsite.version"));
        // The examples need nothing else: the README's artifact is where their grid comes from.
        assertThat(GridStore.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .as("where the examples' grid classes come from").contains(dependency.group(2));
    }

    /** The lines of {@code file} between the tags, without their common indentation, each ended by a newline. */
    private static String taggedPart(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int begin = indexOfStripped(lines, BEGIN, file);
        int end = indexOfStripped(lines, END, file);
        List<String> part = lines.subList(begin + 1, end);
        int indent = part.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        part.forEach(line -> text.append(line.isBlank() ? "" : line.substring(indent)).append('\n'));
        return text.toString();
    }

    private static int indexOfStripped(List<String> lines, String tag, Path file) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(tag)) {
                return i;
            }
        }
        throw new AssertionError(file + " has no line " + tag);
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * One example block of the README.
     *
     * @param line the line number of its {@code <!-- example: PATH -->} line (1-based)
     * @param path the example source, relative to the repository root
     * @param code the lines of the Java block after it, each ended by a newline
     */
    record ExampleBlock(int line, String path, String code) {
        /** The example blocks of {@code lines}, in order. */
        static List<ExampleBlock> parse(List<String> lines) {
            List<ExampleBlock> blocks = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher example = EXAMPLE_LINE.matcher(lines.get(i));
                if (example.matches()) {
                    int open = i + 1;
                    if (open >= lines.size() || !lines.get(open).equals(FENCE + "java")) {
                        throw new AssertionError("README.md line " + (i + 1) + ": no ```java block right after "
                                + lines.get(i));
                    }
                    int close = open + 1;
                    while (close < lines.size() && !lines.get(close).equals(FENCE)) {
                        close++;
                    }
                    StringBuilder code = new StringBuilder();
                    lines.subList(open + 1, close).forEach(line -> code.append(line).append('\n'));
                    blocks.add(new ExampleBlock(i + 1, example.group(1), code.toString()));
                    i = close;
                }
            }
            return blocks;
        }
    }
}
