package io.xsite.cli.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive chat: reads lines from a terminal (JLine, with line editing and history when it is a
 * real one; plain lines from a pipe or a dumb terminal) and hands each to {@link ChatCommands} until
 * {@code quit}, end of input or Ctrl-C. Everything the chat prints goes to the same terminal, above the
 * prompt while one is shown.
 *
 * <pre>{@code
 * ChatService chat = ChatService.attach(node, line -> { });
 * try (Terminal terminal = ChatConsole.systemTerminal()) {
 *     ChatConsole.run(chat, terminal, ChatService.DEFAULT_TIMEOUT);
 * }
 * }</pre>
 */
public final class ChatConsole {
    private ChatConsole() {
    }

    /** The terminal of this process: a real one when stdin and stdout are one, else a dumb one on them. */
    public static Terminal systemTerminal() throws IOException {
        return TerminalBuilder.builder().system(true).dumb(true).encoding(StandardCharsets.UTF_8).build();
    }

    /** A dumb terminal on {@code in} and {@code out}: for scripts and tests. */
    public static Terminal dumbTerminal(InputStream in, OutputStream out) throws IOException {
        return TerminalBuilder.builder().system(false).streams(in, out).type(Terminal.TYPE_DUMB)
                .encoding(StandardCharsets.UTF_8).build();
    }

    /**
     * Runs the chat on {@code terminal} until {@code quit}, end of input or Ctrl-C; from now on
     * {@code chat} prints to the terminal. A chat line waits up to {@code timeout} for its replies.
     */
    public static void run(ChatService chat, Terminal terminal, Duration timeout) throws InterruptedException {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("xsite chat").build();
        boolean dumb = terminal.getType().startsWith(Terminal.TYPE_DUMB);
        // printAbove keeps a prompt and a half-typed line intact; a dumb terminal has neither to keep.
        chat.printTo(dumb ? ChatService.lines(terminal.writer()) : reader::printAbove);
        ChatCommands commands = new ChatCommands(chat, timeout);
        chat.print("chat as " + chat.node().address() + "; type help for the commands");
        String prompt = dumb ? "" : chat.node().address() + "> ";
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (EndOfFileException | UserInterruptException e) {
                return;
            }
            if (!commands.execute(line)) {
                return;
            }
        }
    }
}
