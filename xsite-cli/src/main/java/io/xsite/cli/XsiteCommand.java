package io.xsite.cli;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code xsite} command. It only assembles: each subcommand is its own class that builds a
 * configuration record, starts a component from the modules below and returns an exit code.
 *
 * <p>Exit codes: 0 success; 1 a component could not be reached or started; 2 invalid command line or
 * configuration. Errors the user can fix are one line on stderr, never a stack trace.
 */
@Command(name = "xsite", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "One cluster across several sites, bridged through gossip routers.",
        subcommands = {RouterCommand.class, RouterDumpCommand.class, NodeCommand.class, ChatCommand.class,
                StreamCommand.class, ProbeCommand.class, GridCommand.class, DemoCommand.class, PkiCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a component could not be reached or started",
                "2:invalid command line or configuration"})
public final class XsiteCommand implements Callable<Integer> {
    private final Map<String, String> environment;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    /** The command for this process: its environment is {@link System#getenv()}. */
    public XsiteCommand() {
        this(System.getenv());
    }

    /** The command with an explicit environment, which every layer of configuration reads from. */
    public XsiteCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * A command line ready to {@link CommandLine#execute}: logging is configured before any subcommand
     * runs, and errors are reported as one line with the right exit code.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        XsiteCommand xsite = new XsiteCommand(environment);
        CommandLine commandLine = new CommandLine(xsite);
        commandLine.setExecutionStrategy(xsite::configureLoggingThenRun);
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        return commandLine;
    }

    /** Runs {@code xsite} with the process's arguments and environment and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The environment the configuration layers read. */
    Map<String, String> environment() {
        return environment;
    }

    /** {@code xsite} alone names no job: that is a usage error. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    private int configureLoggingThenRun(ParseResult parseResult) {
        try {
            logging.apply(environment);
        } catch (RuntimeException e) {
            // Routed through the execution exception handler, which prints it as one line.
            throw new CommandLine.ExecutionException(spec.commandLine(), e.getMessage(), e);
        }
        return new CommandLine.RunLast().execute(parseResult);
    }
}
