package io.xsite.relay.probe;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import io.xsite.core.member.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The text of a probe: one block per member that answered (a header line, then one {@code key=value}
 * entry per requested key), one line per member that did not (with why), then {@code N responses}.
 * Members are sorted by site, then name, so that runs can be compared.
 *
 * <pre>
 * nyc0:nyc [ip=127.0.0.1:7801, view=[nyc0|3] (3), site master, version=0.1.0, uptime=2m 5s]
 * view=[nyc0|3] (3) [nyc0, nyc1, nyc2]
 *
 * nyc2:nyc: timed out
 * 2 responses
 * </pre>
 */
final class ProbeReport {
    private static final Comparator<UuidAddress> BY_SITE_AND_NAME = Comparator
            .comparing((UuidAddress member) -> String.valueOf(member.site()))
            .thenComparing(member -> String.valueOf(member.name()))
            .thenComparing(UuidAddress::uuid);

    private ProbeReport() {
    }

    /** The report of {@code replies} to one probe request. */
    static String render(Replies replies) {
        List<UuidAddress> targets = new ArrayList<>(replies.byTarget().keySet());
        targets.sort(BY_SITE_AND_NAME);
        StringBuilder text = new StringBuilder();
        int responses = 0;
        for (UuidAddress target : targets) {
            Reply reply = replies.get(target);
            if (reply.outcome() != Reply.Outcome.REPLIED) {
                text.append(target).append(": ").append(outcome(reply.outcome())).append('\n');
                continue;
            }
            Message response = reply.response();
            String error = response.headers().get(Member.ERROR_HEADER);
            if (error != null) {
                text.append(target).append(": failed to answer: ").append(error).append('\n');
                continue;
            }
            try {
                block(text, ProbeCodec.decodeAnswer(response.payload()));
                responses++;
            } catch (ProbeFormatException e) {
                text.append(target).append(": no probe answer (").append(e.getMessage()).append(")\n");
            }
        }
        return text.append(responses).append(" responses").append('\n').toString();
    }

    private static void block(StringBuilder text, ProbeAnswer answer) {
        text.append(answer.name()).append(':').append(answer.site())
                .append(" [ip=").append(answer.physical())
                .append(", view=").append(answer.view())
                .append(answer.siteMaster() ? ", site master" : "")
                .append(", version=").append(answer.version())
                .append(", uptime=").append(uptime(Duration.ofMillis(answer.uptimeMillis())))
                .append("]\n");
        for (Map.Entry<String, String> entry : answer.entries().entrySet()) {
            text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
        }
        text.append('\n');
    }

    private static String outcome(Reply.Outcome outcome) {
        return switch (outcome) {
            case TIMED_OUT -> "timed out";
            case UNREACHABLE -> "unreachable";
            case LEFT -> "left";
            case REPLIED -> throw new IllegalArgumentException("a reply is not a missing answer");
        };
    }

    /** {@code 1d 2h 3m 4s} without the leading zero units; {@code 0s} under a second. */
    static String uptime(Duration uptime) {
        long seconds = uptime.toSeconds();
        StringBuilder text = new StringBuilder();
        long[] amounts = {seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60, seconds % 60};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] > 0 || (text.length() > 0) || i == amounts.length - 1) {
                text.append(text.length() > 0 ? " " : "").append(amounts[i]).append(units[i]);
            }
        }
        return text.toString();
    }
}
