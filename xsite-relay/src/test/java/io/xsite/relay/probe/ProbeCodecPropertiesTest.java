package io.xsite.relay.probe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Requests and answers survive a round trip; anything else is a ProbeFormatException, never a crash. */
class ProbeCodecPropertiesTest {
    private static final byte[] REQUEST_PREFIX = {'X', 'S', 'P', 'Q', 1};
    private static final byte[] ANSWER_PREFIX = {'X', 'S', 'P', 'A', 1};

    @Test
    void everySetOfKeysRoundTripsInSixBytes() throws Exception {
        for (int mask = 0; mask < 16; mask++) {
            Set<ProbeKey> keys = EnumSet.noneOf(ProbeKey.class);
            for (ProbeKey key : ProbeKey.values()) {
                if ((mask & key.bit()) != 0) {
                    keys.add(key);
                }
            }
            byte[] bytes = ProbeCodec.encodeRequest(new ProbeRequest(keys));

            assertThat(bytes).hasSize(6).startsWith(REQUEST_PREFIX);
            assertThat(ProbeCodec.isRequest(bytes)).isTrue();
            assertThat(ProbeCodec.decodeRequest(bytes).keys()).isEqualTo(keys);
        }
    }

    @Test
    void malformedRequestsNameWhatIsWrong() {
        byte[] valid = ProbeCodec.encodeRequest(new ProbeRequest(Set.of(ProbeKey.VIEW)));
        byte[] newer = valid.clone();
        newer[4] = 2;
        byte[] unknownKey = valid.clone();
        unknownKey[5] = (byte) 0x90;

        assertThatThrownBy(() -> ProbeCodec.decodeRequest(newer)).isInstanceOf(ProbeFormatException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> ProbeCodec.decodeRequest(unknownKey)).hasMessageContaining("unknown keys (mask 0x90)");
        assertThatThrownBy(() -> ProbeCodec.decodeRequest(Arrays.copyOf(valid, 7))).hasMessageContaining("7 bytes");
        assertThatThrownBy(() -> ProbeCodec.decodeRequest(Arrays.copyOf(valid, 4))).hasMessageContaining("cut off");
        assertThatThrownBy(() -> ProbeCodec.decodeRequest("ping".getBytes(UTF_8))).hasMessageContaining("magic");
    }

    @Test
    void onlyTheMagicMakesAPayloadTheProbes() {
        assertThat(ProbeCodec.isRequest(new byte[0])).isFalse();
        assertThat(ProbeCodec.isRequest("XSP".getBytes(UTF_8))).isFalse();
        assertThat(ProbeCodec.isRequest("hello".getBytes(UTF_8))).isFalse();
        assertThat(ProbeCodec.isRequest("XSPQ".getBytes(UTF_8))).isTrue();
        assertThat(ProbeCodec.isRequest(ProbeCodec.encodeAnswer(answer(Map.of())))).isFalse();
    }

    @Property(tries = 1000)
    void garbageRequestsAreARequestOrMalformed(@ForAll byte[] tail, @ForAll @IntRange(min = 0, max = 5) int prefix) {
        byte[] bytes = concat(Arrays.copyOf(REQUEST_PREFIX, prefix), tail);
        try {
            ProbeRequest request = ProbeCodec.decodeRequest(bytes);
            assertThat(ProbeCodec.encodeRequest(request)).isEqualTo(bytes);
        } catch (ProbeFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void answersRoundTrip(@ForAll("answers") ProbeAnswer answer) throws Exception {
        byte[] bytes = ProbeCodec.encodeAnswer(answer);

        assertThat(bytes).startsWith(ANSWER_PREFIX);
        assertThat(ProbeCodec.decodeAnswer(bytes)).isEqualTo(answer);
    }

    @Property(tries = 100)
    void everyTruncationOfAnAnswerIsMalformed(@ForAll("answers") ProbeAnswer answer) {
        byte[] bytes = ProbeCodec.encodeAnswer(answer);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ProbeCodec.decodeAnswer(cut)).as("cut to %d of %d", length, bytes.length)
                    .isInstanceOf(ProbeFormatException.class);
        }
        assertThatThrownBy(() -> ProbeCodec.decodeAnswer(concat(bytes, "{}".getBytes(UTF_8))))
                .isInstanceOf(ProbeFormatException.class);
    }

    @Property(tries = 1000)
    void damagedAnswersAreAnAnswerOrMalformed(@ForAll("answers") ProbeAnswer answer, @ForAll int position,
                                              @ForAll byte value) {
        byte[] bytes = ProbeCodec.encodeAnswer(answer);
        bytes[Math.floorMod(position, bytes.length)] = value;
        try {
            assertThat(ProbeCodec.decodeAnswer(bytes).name()).isNotNull();
        } catch (ProbeFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void garbageAnswersAreMalformed(@ForAll("jsonish") String body) {
        byte[] bytes = concat(ANSWER_PREFIX, body.getBytes(UTF_8));
        try {
            assertThat(ProbeCodec.decodeAnswer(bytes).name()).isNotNull();
        } catch (ProbeFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void fieldsANewerMemberAddsAreIgnoredButMissingOnesAreMalformed() throws Exception {
        String json = new String(ProbeCodec.encodeAnswer(answer(Map.of("view", "[a|1] (1) [a]"))), 5,
                ProbeCodec.encodeAnswer(answer(Map.of("view", "[a|1] (1) [a]"))).length - 5, UTF_8);
        byte[] newer = concat(ANSWER_PREFIX, json.replaceFirst("\\{", "{\"zone\":\"eu-1\",").getBytes(UTF_8));
        byte[] withoutName = concat(ANSWER_PREFIX, json.replaceFirst("\"name\":\"[^\"]*\",", "").getBytes(UTF_8));

        assertThat(ProbeCodec.decodeAnswer(newer)).isEqualTo(answer(Map.of("view", "[a|1] (1) [a]")));
        assertThatThrownBy(() -> ProbeCodec.decodeAnswer(withoutName)).isInstanceOf(ProbeFormatException.class)
                .hasMessageStartingWith("malformed probe answer");
    }

    @Provide
    Arbitrary<ProbeAnswer> answers() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<Map<String, String>> entries = Arbitraries.maps(Arbitraries.of(ProbeKey.values()).map(ProbeKey::text),
                Arbitraries.strings().ofMaxLength(200)).ofMaxSize(4).map(LinkedHashMap::new);
        return Combinators.combine(text, text, text, text, text, Arbitraries.of(true, false),
                Arbitraries.longs().between(0, Long.MAX_VALUE), entries)
                .as((name, site, address, physical, view, master, uptime, values) ->
                        new ProbeAnswer(name, site, address, physical, view, master, "0.1.0", uptime, values));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[]\":,0123456789-.eEtrufalsn namesiteuptimeMillisentries\\")
                .ofMaxLength(120);
    }

    private static ProbeAnswer answer(Map<String, String> entries) {
        return new ProbeAnswer("nyc0", "nyc", "0b9f-uuid", "127.0.0.1:7800", "[nyc0|1] (1)", true, "0.1.0", 1500,
                entries);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] bytes = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, bytes, first.length, second.length);
        return bytes;
    }
}
