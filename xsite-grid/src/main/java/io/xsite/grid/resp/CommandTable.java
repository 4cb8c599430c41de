package io.xsite.grid.resp;

import io.xsite.grid.GridException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every command of the server by name, and the checks that come before any of them, in Redis' order: an
 * unknown command, then the number of arguments, then authentication, then a cluster client's redirect
 * ({@link ClusterCommands#redirect}). Answers {@code COMMAND} itself,
 * which describes the table ({@code COUNT}, {@code DOCS}, {@code INFO}, {@code LIST}). Failures become
 * Redis' errors: {@link CommandError} as it says, a {@link GridException} by its reason
 * ({@code CLUSTERDOWN}, {@code TRYAGAIN}, {@code ERR ...}).
 */
final class CommandTable {
    private static final Logger log = LoggerFactory.getLogger(CommandTable.class);
    /** How much of an unknown command and its arguments the error repeats, as Redis cuts it. */
    private static final int ECHOED_CHARS = 128;

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final ClusterCommands cluster;

    /** @param cluster redirects cluster clients, after authentication and before the command runs */
    CommandTable(Collection<Command> served, ClusterCommands cluster) {
        this.cluster = cluster;
        List<Command> all = new ArrayList<>(served);
        all.add(new Command("command", -1, false, Command.Keys.NONE, "server",
                "Returns detailed information about all commands.", "2.8.13", this::command));
        for (Command command : all) {
            if (commands.put(command.name(), command) != null) {
                throw new IllegalArgumentException("command " + command.name() + " twice");
            }
        }
    }

    /**
     * Runs {@code request}; the stage completes with its reply, an error reply included, and never fails.
     * Runs on the connection's event loop, where {@code session} lives.
     */
    CompletionStage<Reply> execute(RespSession session, RespFrame.Request request) {
        String name = request.name();
        Command command = commands.get(name);
        if (command == null) {
            return Command.reply(unknown(request));
        }
        if (!command.accepts(request.arguments().size())) {
            return Command.reply(Reply.wrongArity(name));
        }
        if (!session.authenticated() && !command.noAuth()) {
            return Command.reply(Reply.error("NOAUTH Authentication required."));
        }
        CompletionStage<Reply> reply;
        try {
            Optional<Reply> moved = cluster.redirect(session, request, command.keys());
            if (moved.isPresent()) {
                return Command.reply(moved.get());
            }
            reply = command.handler().handle(session, request);
        } catch (RuntimeException e) {
            return Command.reply(error(name, e));
        }
        return reply.exceptionally(failure -> error(name, failure));
    }

    /** The error reply for {@code failure} of command {@code name}. */
    static Reply error(String name, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CommandError error) {
            return error.reply();
        }
        if (cause instanceof GridException grid) {
            return Reply.error(switch (grid.reason()) {
                case CLUSTER_DOWN -> "CLUSTERDOWN " + grid.getMessage();
                case UNAVAILABLE -> "TRYAGAIN " + grid.getMessage();
                case NOT_AN_INTEGER -> "ERR value is not an integer or out of range";
                case OVERFLOW -> "ERR increment or decrement would overflow";
                case BAD_REQUEST -> "ERR " + grid.getMessage();
            });
        }
        log.warn("RESP command {} failed", name, cause);
        return Reply.error("ERR internal error running '" + name + "': " + cause);
    }

    /** Redis' {@code ERR unknown command 'x', with args beginning with: 'a' 'b' }. */
    private static Reply unknown(RespFrame.Request request) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i <= request.argumentCount() && args.length() < ECHOED_CHARS; i++) {
            String arg = request.text(i);
            args.append('\'').append(arg, 0, Math.min(arg.length(), ECHOED_CHARS - args.length())).append("' ");
        }
        String name = new String(request.argument(0), StandardCharsets.UTF_8);
        return Reply.error("ERR unknown command '" + name.substring(0, Math.min(name.length(), ECHOED_CHARS))
                + "', with args beginning with: " + args);
    }

    /** {@code COMMAND}, {@code COMMAND COUNT | LIST | INFO [name ...] | DOCS [name ...]}. */
    private CompletionStage<Reply> command(RespSession session, RespFrame.Request request) {
        if (request.argumentCount() == 0) {
            return Command.reply(new Reply.Array(commands.values().stream().map(CommandTable::info).toList()));
        }
        String sub = Arguments.keyword(request.argument(1));
        List<String> names = new ArrayList<>();
        for (int i = 2; i <= request.argumentCount(); i++) {
            names.add(request.text(i).toLowerCase(Locale.ROOT));
        }
        return Command.reply(switch (sub) {
            case "COUNT" -> new Reply.Int(commands.size());
            case "LIST" -> new Reply.Array(commands.keySet().stream().map(Reply::bulk).toList());
            case "INFO" -> new Reply.Array((names.isEmpty() ? List.copyOf(commands.keySet()) : names).stream()
                    .map(n -> commands.containsKey(n) ? info(commands.get(n)) : Reply.NullArray.INSTANCE).toList());
            case "DOCS" -> docs(names.isEmpty() ? List.copyOf(commands.keySet()) : names);
            default -> throw new CommandError("ERR unknown subcommand '" + request.text(1) + "'. Try COMMAND HELP.");
        });
    }

    /** Redis 7's command info: name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands. */
    private static Reply info(Command command) {
        List<Reply> flags = command.noAuth() ? List.of(new Reply.Simple("noauth")) : List.of();
        return new Reply.Array(List.of(Reply.bulk(command.name()), new Reply.Int(command.arity()),
                new Reply.Array(flags), new Reply.Int(command.keys().first()), new Reply.Int(command.keys().last()),
                new Reply.Int(command.keys().step()), new Reply.Array(List.of()), new Reply.Array(List.of()),
                new Reply.Array(List.of()), new Reply.Array(List.of())));
    }

    /** {@code COMMAND DOCS}: a map of name to its summary, since and group, the fields Redis requires. */
    private Reply docs(List<String> names) {
        List<Reply> docs = new ArrayList<>();
        for (String name : names) {
            Command command = commands.get(name);
            if (command != null) {
                docs.add(Reply.bulk(name));
                docs.add(new Reply.MapReply(List.of(Reply.bulk("summary"), Reply.bulk(command.summary()),
                        Reply.bulk("since"), Reply.bulk(command.since()), Reply.bulk("group"),
                        Reply.bulk(command.group()))));
            }
        }
        return new Reply.MapReply(docs);
    }
}
