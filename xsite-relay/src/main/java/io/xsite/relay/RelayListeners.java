package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.core.member.MessageListener;
import io.xsite.core.member.RequestHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's listeners and request handler of one relay node. A listener that throws is logged
 * and does not stop the others.
 */
final class RelayListeners {
    private static final Logger log = LoggerFactory.getLogger(RelayListeners.class);

    private final List<MessageListener> messageListeners = new CopyOnWriteArrayList<>();
    private final List<RelayListener> relayListeners = new CopyOnWriteArrayList<>();
    private volatile RequestHandler handler = request -> new byte[0];

    void add(MessageListener listener) {
        messageListeners.add(listener);
    }

    void add(RelayListener listener) {
        relayListeners.add(listener);
    }

    void handler(RequestHandler value) {
        handler = value;
    }

    /** The reply payload for {@code request}; throws what the handler throws. */
    byte[] handle(Message request) throws Exception {
        return handler.handle(request);
    }

    void message(Message message) {
        messageListeners.forEach(listener -> guarded(() -> listener.onMessage(message)));
    }

    void siteUp(String site) {
        each(listener -> listener.onSiteUp(site));
    }

    void siteDown(String site) {
        each(listener -> listener.onSiteDown(site));
    }

    void memberUnreachable(UuidAddress member) {
        each(listener -> listener.onMemberUnreachable(member));
    }

    void undelivered(UndeliveredMessages undelivered) {
        each(listener -> listener.onUndelivered(undelivered));
    }

    void siteMasterChanged(boolean siteMaster) {
        each(listener -> listener.onSiteMasterChanged(siteMaster));
    }

    private void each(Consumer<RelayListener> event) {
        relayListeners.forEach(listener -> guarded(() -> event.accept(listener)));
    }

    private static void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("a relay listener failed", e);
        }
    }
}
