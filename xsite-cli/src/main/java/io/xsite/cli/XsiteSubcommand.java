package io.xsite.cli;

import io.xsite.cli.config.ConfigLoader;
import io.xsite.cli.config.YamlConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command directly under {@code xsite}: picocli injects the top command (its environment and logging
 * options) and this command's own model, from which a command reads the flags it was given.
 */
abstract class XsiteSubcommand {
    @ParentCommand
    XsiteCommand xsite;

    @Spec
    CommandSpec spec;

    /**
     * The configuration {@code options} describe, in layers: {@code defaults}, then {@code file}, then the
     * environment, then the flags given on this command line.
     */
    <R> R settings(ConfigOptions<R> options, R defaults, YamlConfig file) {
        return new ConfigLoader<>(options.schema()).load(defaults, file, xsite.environment(),
                options.flags(spec.commandLine().getParseResult()));
    }
}
