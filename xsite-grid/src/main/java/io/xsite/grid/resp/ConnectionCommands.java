package io.xsite.grid.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The connection commands clients send on their own ({@code PING ECHO HELLO AUTH SELECT CLIENT QUIT}): they
 * change the {@link RespSession} and answer at once.
 */
final class ConnectionCommands {
    /** Redis' text for an unknown user or a wrong password. */
    static final String WRONG_PASSWORD = "WRONGPASS invalid username-password pair or user is disabled.";
    private static final String DEFAULT_USER = "default";

    private final Optional<RespPassword> password;

    /** @param password the password {@code AUTH} checks; empty = none (then {@code AUTH} is an error, as in Redis) */
    ConnectionCommands(Optional<RespPassword> password) {
        this.password = password;
    }

    /** The commands, for the {@link CommandTable}. */
    List<Command> commands() {
        return List.of(
                command("ping", -1, false, "Returns the server's liveliness response.", "1.0.0", this::ping),
                command("echo", 2, false, "Returns the given string.", "1.0.0",
                        (s, r) -> Command.reply(new Reply.Bulk(r.argument(1)))),
                command("hello", -1, true, "Handshakes with the Redis server.", "6.0.0", this::hello),
                command("auth", -2, true, "Authenticates the connection.", "1.0.0", this::auth),
                command("select", 2, false, "Changes the selected database.", "1.0.0", this::select),
                command("client", -2, false, "A container for client connection commands.", "2.4.0", this::client),
                command("quit", -1, true, "Closes the connection.", "1.0.0", (s, r) -> {
                    s.closeAfterReply();
                    return Command.reply(Reply.OK);
                }));
    }

    private static Command command(String name, int arity, boolean noAuth, String summary, String since,
                                   Command.Handler handler) {
        return new Command(name, arity, noAuth, Command.Keys.NONE, "connection", summary, since, handler);
    }

    private CompletionStage<Reply> ping(RespSession session, RespFrame.Request request) {
        if (request.argumentCount() > 1) {
            return Command.reply(Reply.wrongArity("ping"));
        }
        return Command.reply(request.argumentCount() == 1 ? new Reply.Bulk(request.argument(1)) : new Reply.Simple("PONG"));
    }

    /** {@code HELLO [protover [AUTH username password] [SETNAME clientname]]}. */
    private CompletionStage<Reply> hello(RespSession session, RespFrame.Request request) {
        int version = session.protocol();
        if (request.argumentCount() >= 1) {
            long asked;
            try {
                asked = Arguments.integer(request.argument(1));
            } catch (CommandError e) {
                throw new CommandError("ERR Protocol version is not an integer or out of range");
            }
            if (asked != 2 && asked != 3) {
                throw new CommandError("NOPROTO unsupported protocol version");
            }
            version = (int) asked;
        }
        String name = null;
        boolean authenticating = false;
        for (int i = 2; i <= request.argumentCount(); i++) {
            String option = Arguments.keyword(request.argument(i));
            if (option.equals("AUTH") && i + 2 <= request.argumentCount()) {
                checkPassword(request.text(i + 1), request.argument(i + 2));
                authenticating = true;
                i += 2;
            } else if (option.equals("SETNAME") && i + 1 <= request.argumentCount()) {
                name = clientName(request.argument(++i));
            } else {
                throw new CommandError("ERR Syntax error in HELLO option '" + request.text(i) + "'");
            }
        }
        if (!session.authenticated() && !authenticating) {
            throw new CommandError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
        }
        if (authenticating) {
            session.authenticate();
        }
        if (name != null) {
            session.name(name);
        }
        session.protocol(version);
        return Command.reply(new Reply.MapReply(List.of(
                Reply.bulk("server"), Reply.bulk("redis"),
                Reply.bulk("version"), Reply.bulk(ServerCommands.REDIS_VERSION),
                Reply.bulk("proto"), new Reply.Int(version),
                Reply.bulk("id"), new Reply.Int(session.id()),
                Reply.bulk("mode"), Reply.bulk("standalone"),
                Reply.bulk("role"), Reply.bulk("master"),
                Reply.bulk("modules"), new Reply.Array(List.of()))));
    }

    /** {@code AUTH [username] password}. */
    private CompletionStage<Reply> auth(RespSession session, RespFrame.Request request) {
        if (request.argumentCount() > 2) {
            throw CommandError.syntax();
        }
        if (password.isEmpty()) {
            throw new CommandError("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        String user = request.argumentCount() == 2 ? request.text(1) : DEFAULT_USER;
        checkPassword(user, request.argument(request.argumentCount()));
        session.authenticate();
        return Command.reply(Reply.OK);
    }

    private void checkPassword(String user, byte[] presented) {
        if (password.isEmpty()) {
            throw new CommandError("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        // Both checks run, so that an unknown user takes as long as a wrong password.
        boolean matches = password.get().matches(presented);
        if (!DEFAULT_USER.equals(user) || !matches) {
            throw new CommandError(WRONG_PASSWORD);
        }
    }

    private CompletionStage<Reply> select(RespSession session, RespFrame.Request request) {
        long index = Arguments.integer(request.argument(1));
        if (index < 0 || index >= session.databaseCount()) {
            throw new CommandError("ERR DB index is out of range");
        }
        session.database((int) index);
        return Command.reply(Reply.OK);
    }

    /** {@code CLIENT SETNAME | GETNAME | SETINFO | ID | INFO}. */
    private CompletionStage<Reply> client(RespSession session, RespFrame.Request request) {
        String sub = Arguments.keyword(request.argument(1));
        int count = request.argumentCount();
        switch (sub) {
            case "SETNAME" -> {
                requireArguments(count == 2, "client|setname");
                session.name(clientName(request.argument(2)));
                return Command.reply(Reply.OK);
            }
            case "GETNAME" -> {
                requireArguments(count == 1, "client|getname");
                return Command.reply(session.name().isEmpty() ? Reply.NullBulk.INSTANCE : Reply.bulk(session.name()));
            }
            case "SETINFO" -> {
                requireArguments(count == 3, "client|setinfo");
                String attribute = Arguments.keyword(request.argument(2));
                String value = request.text(3);
                switch (attribute) {
                    case "LIB-NAME" -> session.library(value, null);
                    case "LIB-VER" -> session.library(null, value);
                    default -> throw new CommandError("ERR Unrecognized option '" + request.text(2) + "'");
                }
                return Command.reply(Reply.OK);
            }
            case "ID" -> {
                requireArguments(count == 1, "client|id");
                return Command.reply(new Reply.Int(session.id()));
            }
            case "INFO" -> {
                requireArguments(count == 1, "client|info");
                return Command.reply(Reply.bulk(session.describe() + "\n"));
            }
            default -> throw new CommandError("ERR unknown subcommand '" + request.text(1) + "'. Try CLIENT HELP.");
        }
    }

    private static void requireArguments(boolean ok, String name) {
        if (!ok) {
            throw new CommandError("ERR wrong number of arguments for '" + name + "' command");
        }
    }

    /** A client name as Redis accepts it: printable, without blanks. */
    private static String clientName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new CommandError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return new String(name, StandardCharsets.US_ASCII);
    }
}
