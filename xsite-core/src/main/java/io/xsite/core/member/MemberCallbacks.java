package io.xsite.core.member;

import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.core.membership.View;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's listeners and request handler, and the one thread they run on: views and messages
 * reach the application in the order the member produced them (so per sender FIFO holds), and a slow
 * listener never stalls the protocol thread.
 */
final class MemberCallbacks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemberCallbacks.class);

    private final String logName;
    private final Executor thread;
    /** The member's own application thread, or null when the callbacks run on an executor of the caller's. */
    private final ApplicationThread ownThread;
    private final List<ViewListener> viewListeners = new CopyOnWriteArrayList<>();
    private final List<MessageListener> messageListeners = new CopyOnWriteArrayList<>();
    private volatile RequestHandler requestHandler = request -> new byte[0];

    /** Callbacks on a new application thread of the member's own, fed from {@code memberLoop}. */
    MemberCallbacks(String logName, EventLoop memberLoop) {
        this.logName = logName;
        this.ownThread = new ApplicationThread("xsite-app-" + logName, memberLoop);
        this.thread = ownThread;
    }

    /** Callbacks on {@code executor}, which must run tasks one at a time in order; closing leaves it running. */
    MemberCallbacks(String logName, Executor executor) {
        this.logName = logName;
        this.ownThread = null;
        this.thread = executor;
    }

    void addViewListener(ViewListener listener) {
        viewListeners.add(listener);
    }

    void addMessageListener(MessageListener listener) {
        messageListeners.add(listener);
    }

    void setRequestHandler(RequestHandler handler) {
        requestHandler = handler;
    }

    /** The application thread, for completing futures the application waits on. */
    Executor executor() {
        return thread;
    }

    void view(View view) {
        run(() -> viewListeners.forEach(listener -> listener.onView(view)));
    }

    /** Runs the message listeners on {@code message}, then closes it (see {@link Message}): it is theirs only meanwhile. */
    void message(Message message) {
        run(() -> {
            try {
                messageListeners.forEach(listener -> listener.onMessage(message));
            } finally {
                message.close();
            }
        }, message);
    }

    /** Runs the request handler and gives {@code reply} the answer from {@code self}: a payload, or an error header. */
    void request(UuidAddress self, Message request, Consumer<Message> reply) {
        run(() -> {
            Message answer;
            try {
                answer = new Message(self, request.sender(), Map.of(),
                        requestHandler.handle(request));
            } catch (Exception e) {
                log.debug("[{}] request handler failed for a request from {}", logName, request.sender(), e);
                answer = new Message(self, request.sender(),
                        Map.of(Member.ERROR_HEADER, String.valueOf(e.getMessage())), new byte[0]);
            }
            reply.accept(answer);
        });
    }

    private void run(Runnable callback) {
        run(callback, null);
    }

    /** Runs {@code callback} on the callbacks' thread; closes {@code carried} (if any) when it cannot run any more. */
    private void run(Runnable callback, Message carried) {
        try {
            thread.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    log.warn("[{}] application listener failed", logName, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("[{}] member closed; callback dropped", logName);
            if (carried != null) {
                carried.close();
            }
        }
    }

    /** Runs the callbacks already queued on its own thread (a few seconds at most), then stops that thread. */
    @Override
    public void close() {
        if (ownThread != null) {
            ownThread.close();
        }
    }
}
