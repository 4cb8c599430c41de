package io.xsite.router;

import io.netty.handler.codec.DecoderException;

/** A frame within the wire format but over one of the router's limits; its connection is closed. */
final class RefusedFrameException extends DecoderException {
    private final DropReason reason;

    RefusedFrameException(DropReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    DropReason reason() {
        return reason;
    }
}
