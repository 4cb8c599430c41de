package io.xsite.cli.chat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.relay.RelayNode;
import io.xsite.relay.topology.SiteView;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one line typed at the chat console does: a command ({@code help}, {@code topo}, {@code sites},
 * {@code mbrs}, {@code sm} or {@code site-masters}, {@code routes}, {@code sendto NAME:SITE TEXT},
 * {@code quit}) prints its answer; anything else is a chat line, sent to everyone, whose replies are
 * awaited before the next line is read.
 */
final class ChatCommands {
    static final String HELP = """
            Type a line to send it to every member of every site; each member answers.
            Commands:
              help                   this text
              topo                   every site: its members, physical addresses, (me), // site master
              sites                  the sites that are up
              mbrs                   the view of this member's site
              sm, site-masters       the site masters of this site
              routes                 the route to each other site (site masters only)
              sendto NAME:SITE TEXT  send TEXT to one member (it does not answer)
              quit                   leave""";

    private final ChatService chat;
    private final Duration timeout;

    /** Commands on {@code chat}; a chat line waits up to {@code timeout} for its replies. */
    ChatCommands(ChatService chat, Duration timeout) {
        this.chat = Objects.requireNonNull(chat, "chat");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Does what {@code line} says; false once it said {@code quit}. */
    boolean execute(String line) throws InterruptedException {
        String trimmed = line.strip();
        String[] words = trimmed.split("\\s+", 3);
        switch (words[0]) {
            case "" -> {
            }
            case "quit", "exit" -> {
                return false;
            }
            case "help" -> HELP.lines().forEach(chat::print);
            case "topo" -> topology();
            case "sites" -> chat.print("sites: " + String.join(", ", node().topology().keySet()));
            case "mbrs" -> chat.print("local view: " + Optional.ofNullable(node().localView()).map(View::toString)
                    .orElse("none yet"));
            case "sm", "site-masters" -> chat.print("site masters of " + node().site() + ": " + siteMasters());
            case "routes" -> routes();
            case "sendto" -> sendTo(words);
            default -> chat.sendAndAwait(trimmed, chat.knownMembers(), timeout);
        }
        return true;
    }

    private RelayNode node() {
        return chat.node();
    }

    private void topology() {
        chat.topologyLines().forEach(chat::print);
    }

    private String siteMasters() {
        return Optional.ofNullable(node().topology().get(node().site()))
                .map(site -> site.siteMasters().stream().map(UuidAddress::toString).collect(Collectors.joining(", ")))
                .filter(text -> !text.isEmpty()).orElse("none known");
    }

    private void routes() {
        Map<String, SiteView> topology = node().topology();
        boolean siteMaster = Optional.ofNullable(topology.get(node().site()))
                .map(site -> site.siteMasters().contains(node().address())).orElse(false);
        if (!siteMaster) {
            chat.print("n/a (not site master)");
            return;
        }
        topology.values().stream().filter(site -> !site.site().equals(node().site())).forEach(site ->
                chat.print(site.site() + " --> bridge to " + site.siteMasters().stream().map(UuidAddress::toString)
                        .collect(Collectors.joining(", "))));
    }

    private void sendTo(String[] words) {
        if (words.length < 3 || words[1].indexOf(':') < 0) {
            chat.print("usage: sendto NAME:SITE TEXT");
            return;
        }
        String name = words[1].substring(0, words[1].indexOf(':'));
        String site = words[1].substring(words[1].indexOf(':') + 1);
        Optional<UuidAddress> to = Optional.ofNullable(node().topology().get(site)).stream()
                .flatMap(view -> view.addresses().stream()).filter(a -> name.equals(a.name())).findFirst();
        if (to.isEmpty()) {
            chat.print("no member " + words[1] + " in the topology (see topo)");
            return;
        }
        chat.sendTo(to.get(), words[2]).whenComplete((ok, failure) -> {
            if (failure != null) {
                chat.print("cannot send to " + words[1] + ": " + failure.getMessage());
            }
        });
    }
}
