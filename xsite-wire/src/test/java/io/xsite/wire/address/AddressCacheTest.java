package io.xsite.wire.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.gossip.WireArbitraries;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The cache writes and reads exactly what AddressCodec does, remembered or not, and never returns a stale address. */
class AddressCacheTest {

    @Property(tries = 200)
    void writesTheCodecsBytesAndReadsThemBackAgainAndAgain(@ForAll("addressLists") List<Address> addresses) {
        AddressCache cache = new AddressCache();
        for (int round = 0; round < 3; round++) {
            ByteBuf cached = Unpooled.buffer();
            ByteBuf plain = Unpooled.buffer();
            try {
                addresses.forEach(address -> cache.write(address, cached));
                addresses.forEach(address -> AddressCodec.encode(address, plain));
                assertThat(ByteBufUtil.getBytes(cached)).isEqualTo(ByteBufUtil.getBytes(plain));
                for (Address address : addresses) {
                    assertThat(cache.read(cached)).isEqualTo(address);
                }
                assertThat(cached.isReadable()).isFalse();
            } finally {
                cached.release();
                plain.release();
            }
        }
    }

    @Test
    void siteMastersOfTwoSitesShareAUuidAndAreStillToldApart() {
        AddressCache cache = new AddressCache();
        ByteBuf buf = Unpooled.buffer();
        try {
            for (int i = 0; i < 3; i++) {
                cache.write(UuidAddress.siteMaster("nyc"), buf);
                cache.write(UuidAddress.siteMaster("sfc"), buf);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(cache.read(buf)).isEqualTo(UuidAddress.siteMaster("nyc"));
                assertThat(cache.read(buf)).isEqualTo(UuidAddress.siteMaster("sfc"));
            }
        } finally {
            buf.release();
        }
    }

    @Property(tries = 300)
    void aRememberedAddressTruncatedOrCorruptedIsMalformedOrAnotherValidAddress(
            @ForAll("siteAddresses") UuidAddress address, @ForAll @IntRange(min = 0, max = 200) int position,
            @ForAll byte value) {
        AddressCache cache = new AddressCache();
        ByteBuf good = Unpooled.buffer();
        cache.write(address, good);
        byte[] bytes = ByteBufUtil.getBytes(good);
        assertThat(cache.read(good)).isEqualTo(address);
        good.release();
        ByteBuf truncated = Unpooled.wrappedBuffer(bytes, 0, bytes.length - 1);
        assertThatThrownBy(() -> cache.read(truncated)).isInstanceOf(MalformedFrameException.class);
        byte[] corrupted = bytes.clone();
        corrupted[position % corrupted.length] = value;
        ByteBuf in = Unpooled.wrappedBuffer(corrupted);
        try {
            Address read = cache.read(in);
            // Decoded in full from the corrupted bytes: equal to what the codec itself reads from them.
            assertThat(read).isEqualTo(AddressCodec.decode(Unpooled.wrappedBuffer(corrupted)));
        } catch (MalformedFrameException expected) {
            // The codec refuses them too.
            assertThatThrownBy(() -> AddressCodec.decode(Unpooled.wrappedBuffer(corrupted)))
                    .isInstanceOf(MalformedFrameException.class);
        }
    }

    @Provide
    Arbitrary<List<Address>> addressLists() {
        Arbitrary<Address> some = Arbitraries.oneOf(WireArbitraries.addresses(), siteAddresses().map(a -> a));
        return some.injectNull(0.1).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<UuidAddress> siteAddresses() {
        return WireArbitraries.uuidAddresses().filter(a -> a.kind() == UuidAddress.Kind.SITE_UUID
                || a.kind() == UuidAddress.Kind.SITE_MASTER);
    }
}
