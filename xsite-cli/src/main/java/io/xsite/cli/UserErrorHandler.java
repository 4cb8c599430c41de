package io.xsite.cli;

import io.xsite.cli.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into output and an exit code: a configuration problem is one line per
 * problem and exit 2; a {@link CommandFailure} is one line and exit 1. Anything else is a bug in
 * xsite, so it keeps its stack trace. Each line starts with the command's name.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    /** Exit code of a component that could not be reached or started. */
    static final int FAILURE = 1;
    /** Exit code of an invalid command line or configuration, as picocli uses for usage errors. */
    static final int INVALID_INPUT = CommandLine.ExitCode.USAGE;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        String command = commandLine.getCommandName();
        if (ex instanceof ConfigException config) {
            config.problems().forEach(problem -> commandLine.getErr().println(command + ": " + problem));
            return INVALID_INPUT;
        }
        if (ex instanceof CommandFailure failure) {
            commandLine.getErr().println(command + ": " + failure.getMessage());
            return FAILURE;
        }
        commandLine.getErr().println(command + ": internal error (please report it): " + ex);
        ex.printStackTrace(commandLine.getErr());
        return FAILURE;
    }
}
