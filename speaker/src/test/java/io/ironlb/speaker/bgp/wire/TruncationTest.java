package io.ironlb.speaker.bgp.wire;

import static io.ironlb.speaker.bgp.wire.Wire.decodeAll;
import static io.ironlb.speaker.bgp.wire.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid messages cut at every length: as a stream that stops early (nothing decodes yet), and as a
 * shorter message whose header claims the shorter length (only {@link BgpCodecException} may come
 * out). Every inbound buffer is released either way (checked by {@link Wire}).
 */
class TruncationTest {

  static Stream<Arguments> validMessages() {
    return Stream.of(
        Arguments.of("OPEN with 4-octet AS and graceful restart", hex(OpenCodecTest.OPEN_AS4)),
        Arguments.of("IPv4 UPDATE", hex(UpdateCodecTest.IPV4_UPDATE)),
        Arguments.of("IPv6 UPDATE", hex(UpdateCodecTest.IPV6_UPDATE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validMessages")
  void aStreamCutShortDecodesNothingAndThrowsNothing(String name, byte[] message) {
    for (int length = 0; length < message.length; length++) {
      assertThat(decodeAll(Arrays.copyOf(message, length), BgpCodecContext.FOUR_OCTET_AS))
          .as("cut at %d", length)
          .isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validMessages")
  void aMessageCutShortFailsOnlyWithCodecException(String name, byte[] message) {
    int codecErrors = 0;
    for (int length = BgpMessageDecoder.HEADER_LENGTH; length < message.length; length++) {
      byte[] cut = Arrays.copyOf(message, length);
      cut[16] = (byte) (length >>> 8);
      cut[17] = (byte) length;
      Throwable thrown = catchThrowable(() -> decodeAll(cut, BgpCodecContext.FOUR_OCTET_AS));
      if (thrown != null) {
        assertThat(thrown).as("cut at %d", length).isInstanceOf(BgpCodecException.class);
        codecErrors++;
      }
    }
    assertThat(codecErrors).isPositive();
  }
}
