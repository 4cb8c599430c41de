package io.xsite.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One in-process run of {@code xsite} with captured stdout and stderr.
 *
 * @param exitCode what {@link CommandLine#execute} returned
 * @param out      everything written to stdout
 * @param err      everything written to stderr
 */
record CommandRun(int exitCode, String out, String err) {
    /** Runs {@code xsite args} with {@code environment} as its whole environment. */
    static CommandRun xsite(Map<String, String> environment, String... args) {
        return run(XsiteCommand.commandLine(environment), args);
    }

    /** Runs {@code commandLine} (an {@code xsite} command line, perhaps adjusted by the test) with {@code args}. */
    static CommandRun run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /** Runs {@code xsite args} with an empty environment. */
    static CommandRun xsite(String... args) {
        return xsite(Map.of(), args);
    }

    /** The lines of stdout. */
    List<String> outLines() {
        return out.lines().toList();
    }

    /** The lines of stderr. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
