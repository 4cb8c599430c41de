package io.xsite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every help block of README.md, a line {@code $ bin/xsite [COMMAND...] --help} in a fenced block followed by
 * the output up to the closing fence, is exactly what that command prints, so a README that falls behind the
 * command fails the build. A failure prints the block to paste instead. The one default that depends on the
 * machine, the host name as member name, is rendered as {@value #README_HOST}, as the README shows it.
 */
class ReadmeHelpTest {
    /** README.md of this checkout; tests run in the module directory. */
    private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
    private static final Pattern HELP_LINE = Pattern.compile("^\\$ bin/xsite((?: [a-z][a-z-]*)*) --help$");
    private static final String FENCE = "```";
    /** The host name the README's help blocks show as a member's default name. */
    private static final String README_HOST = "myhost";

    @TestFactory
    Stream<DynamicTest> everyHelpBlockOfTheReadmeIsWhatTheCommandPrints() throws IOException {
        List<HelpBlock> blocks = HelpBlock.parse(Files.readAllLines(README));
        assertThat(blocks).as("help blocks in %s", README).isNotEmpty();
        return blocks.stream().map(block -> dynamicTest(block.commandLine() + " (README.md line " + block.line() + ")",
                () -> {
                    String help = help(block.arguments());

                    assertThat(block.output())
                            .withFailMessage("README.md line %d, the output of \"%s\", is stale; replace the block"
                                    + " with:%n%s%n%s%n%s", block.line(), block.commandLine(), block.commandLine(),
                                    help.stripTrailing(), FENCE)
                            .isEqualTo(help);
                }));
    }

    @Test
    void theReadmeShowsTheHelpOfEveryCommand() throws IOException {
        List<String> documented = HelpBlock.parse(Files.readAllLines(README)).stream()
                .map(block -> String.join(" ", block.arguments())).toList();

        List<String> commands = new ArrayList<>(List.of(""));
        commands.addAll(XsiteCommand.commandLine(Map.of()).getSubcommands().keySet());
        assertThat(documented).as("commands whose --help README.md shows").containsAll(commands);
    }

    /** What {@code xsite ARGUMENTS --help} prints, with {@link #README_HOST} as this machine's name. */
    private static String help(List<String> arguments) {
        CommandLine xsite = XsiteCommand.commandLine(Map.of());
        CommandLine command = xsite;
        for (String name : arguments) {
            command = command.getSubcommands().get(name);
            assertThat(command).as("subcommand %s of xsite %s", name, arguments).isNotNull();
        }
        showHostAsInReadme(command.getCommandSpec());
        List<String> args = new ArrayList<>(arguments);
        args.add("--help");

        CommandRun run = CommandRun.run(xsite, args.toArray(String[]::new));

        assertThat(run.exitCode()).as("exit code of xsite %s --help (stderr: %s)", arguments, run.err()).isZero();
        return run.out();
    }

    /** The member name defaults to the host name; help shows {@link #README_HOST} in its place. */
    private static void showHostAsInReadme(CommandSpec command) {
        IDefaultValueProvider defaults = command.defaultValueProvider();
        if (defaults == null) {
            return;
        }
        String host = NodeCommand.hostName();
        command.defaultValueProvider(arg -> {
            String value = defaults.defaultValue(arg);
            return arg instanceof OptionSpec option && option.longestName().equals("--name") && value != null
                    && value.startsWith(host) ? README_HOST + value.substring(host.length()) : value;
        });
    }

    /**
     * One help block of the README.
     *
     * @param line      the line number of its {@code $ bin/xsite ... --help} line (1-based)
     * @param arguments the subcommand names between {@code bin/xsite} and {@code --help}
     * @param output    the lines after it up to the closing fence, each ended by a line break
     */
    record HelpBlock(int line, List<String> arguments, String output) {
        HelpBlock {
            arguments = List.copyOf(arguments);
        }

        /** The help blocks of {@code lines}, in order. */
        static List<HelpBlock> parse(List<String> lines) {
            List<HelpBlock> blocks = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher help = HELP_LINE.matcher(lines.get(i));
                if (help.matches()) {
                    int end = i + 1;
                    while (end < lines.size() && !lines.get(end).equals(FENCE)) {
                        end++;
                    }
                    StringBuilder output = new StringBuilder();
                    lines.subList(i + 1, end).forEach(l -> output.append(l).append(System.lineSeparator()));
                    List<String> arguments = Arrays.stream(help.group(1).strip().split(" "))
                            .filter(s -> !s.isEmpty()).toList();
                    blocks.add(new HelpBlock(i + 1, arguments, output.toString()));
                    i = end;
                }
            }
            return blocks;
        }

        /** The command line as the README shows it. */
        String commandLine() {
            return "$ bin/xsite " + (arguments.isEmpty() ? "" : String.join(" ", arguments) + " ") + "--help";
        }
    }
}
