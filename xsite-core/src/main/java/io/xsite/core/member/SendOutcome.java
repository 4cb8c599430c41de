package io.xsite.core.member;

import java.util.concurrent.CompletableFuture;

/**
 * Told once, on the member's loop, whether a send was taken by the reliable stream to its destination
 * or why not. A send to everyone shares one outcome among its destinations ({@link #ofAll}) instead of a
 * future per destination joined by {@code allOf}: that was a good part of the cost of a small message.
 */
interface SendOutcome {
    /** For sends nobody waits for (replies, requests whose outcome the correlator tracks). */
    SendOutcome IGNORED = new SendOutcome() {
        @Override
        public void taken() {
        }

        @Override
        public void failed(RuntimeException cause) {
        }
    };

    /** The stream took the message. */
    void taken();

    /** The message will not be sent, because of {@code cause}. */
    void failed(RuntimeException cause);

    /** Completes {@code future} with the outcome. */
    static SendOutcome of(CompletableFuture<Void> future) {
        return new SendOutcome() {
            @Override
            public void taken() {
                future.complete(null);
            }

            @Override
            public void failed(RuntimeException cause) {
                future.completeExceptionally(cause);
            }
        };
    }

    /**
     * One outcome for {@code destinations} sends: {@code future} completes when all were taken, or fails
     * with the first failure.
     */
    static SendOutcome ofAll(int destinations, CompletableFuture<Void> future) {
        return new SendOutcome() {
            private int waiting = destinations;

            @Override
            public void taken() {
                if (--waiting == 0) {
                    future.complete(null);
                }
            }

            @Override
            public void failed(RuntimeException cause) {
                future.completeExceptionally(cause);
            }
        };
    }
}
