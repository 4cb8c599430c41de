package io.xsite.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.cli.chat.ChatPayload;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class StreamPayloadTest {
    @Property
    void everyNumberDecodesAsItWasEncoded(@ForAll long stream, @ForAll @LongRange(min = 1, max = 10_000_000) long count,
                                          @ForAll @LongRange(min = 1, max = 10_000_000) long seq) {
        StreamPayload number = StreamPayload.number(stream, Math.min(seq, count), count);
        assertThat(StreamPayload.decode(number.encode())).contains(number);
        StreamPayload complete = StreamPayload.complete(stream, count);
        assertThat(StreamPayload.decode(complete.encode())).contains(complete);
    }

    @Test
    void theWireFormIsMarkerKindStreamSeqCountBigEndian() {
        assertThat(StreamPayload.number(0x0102030405060708L, 3, 1000).encode()).containsExactly(
                'S', 1, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0x03, (byte) 0xe8);
    }

    @Test
    void chatLinesAndMalformedStreamsAreNoStreamMessages() {
        assertThat(StreamPayload.decode(new ChatPayload(ChatPayload.Kind.LINE, "a line of 26 characters...").encode()))
                .isEmpty();
        assertThat(ChatPayload.decode(StreamPayload.number(1, 1, 1).encode())).as("the chat ignores streams").isEmpty();
        byte[] valid = StreamPayload.number(7, 2, 5).encode();
        assertThat(StreamPayload.decode(Arrays.copyOf(valid, valid.length - 1))).as("truncated").isEmpty();
        byte[] unknownKind = valid.clone();
        unknownKind[1] = 9;
        assertThat(StreamPayload.decode(unknownKind)).isEmpty();
        byte[] beyondCount = StreamPayload.number(7, 5, 5).encode();
        beyondCount[17] = 6;
        assertThat(StreamPayload.decode(beyondCount)).as("seq 6 of 5").isEmpty();
        assertThatThrownBy(() -> StreamPayload.number(7, 0, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
