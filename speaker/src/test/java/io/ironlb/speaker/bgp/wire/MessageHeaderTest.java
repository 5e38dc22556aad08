package io.ironlb.speaker.bgp.wire;

import static io.ironlb.speaker.bgp.wire.Wire.MARKER;
import static io.ironlb.speaker.bgp.wire.Wire.decodeAll;
import static io.ironlb.speaker.bgp.wire.Wire.decodeChunks;
import static io.ironlb.speaker.bgp.wire.Wire.decodeError;
import static io.ironlb.speaker.bgp.wire.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The 19-byte header (RFC 4271 §4.1) and its errors (RFC 4271 §6.1). */
class MessageHeaderTest {

  /** RFC 4271 §4.4: marker, length 19, type 4. */
  static final String KEEPALIVE = MARKER + "0013 04";

  @Test
  void keepaliveIsTheHeaderAlone() {
    assertThat(Wire.encode(Keepalive.INSTANCE)).isEqualTo(hex(KEEPALIVE));
    assertThat(Wire.decode(hex(KEEPALIVE))).isEqualTo(Keepalive.INSTANCE);
  }

  @Test
  void messagesSplitAcrossReadsAndPackedInOneReadAllDecode() {
    byte[] two = hex(KEEPALIVE + KEEPALIVE);
    List<byte[]> singleBytes = new ArrayList<>();
    for (byte b : two) {
      singleBytes.add(new byte[] {b});
    }
    assertThat(decodeChunks(singleBytes, BgpCodecContext.INITIAL)).hasSize(2);
    assertThat(decodeAll(two, BgpCodecContext.INITIAL)).hasSize(2);
  }

  static Stream<Arguments> headerErrors() {
    return Stream.of(
        Arguments.of(
            "a marker byte that is not 0xff",
            "ffffffffffffffffffffffffffffff00 0013 04",
            BgpError.CONNECTION_NOT_SYNCHRONIZED,
            ""),
        Arguments.of(
            "a bad marker is seen before the header is complete",
            "ffff00",
            BgpError.CONNECTION_NOT_SYNCHRONIZED,
            ""),
        Arguments.of("length below 19", MARKER + "0012 04", BgpError.BAD_MESSAGE_LENGTH, "0012"),
        Arguments.of("length above 4096", MARKER + "1001 02", BgpError.BAD_MESSAGE_LENGTH, "1001"),
        Arguments.of(
            "KEEPALIVE longer than 19", MARKER + "0014 04 00", BgpError.BAD_MESSAGE_LENGTH, "0014"),
        Arguments.of(
            "OPEN shorter than 29", MARKER + "001c 01", BgpError.BAD_MESSAGE_LENGTH, "001c"),
        Arguments.of(
            "UPDATE shorter than 23", MARKER + "0016 02", BgpError.BAD_MESSAGE_LENGTH, "0016"),
        Arguments.of(
            "NOTIFICATION shorter than 21",
            MARKER + "0014 03",
            BgpError.BAD_MESSAGE_LENGTH,
            "0014"),
        Arguments.of(
            "ROUTE-REFRESH not 23", MARKER + "0018 05", BgpError.BAD_MESSAGE_LENGTH, "0018"),
        Arguments.of("unknown type 6", MARKER + "0013 06", BgpError.BAD_MESSAGE_TYPE, "06"),
        Arguments.of("type 0", MARKER + "0013 00", BgpError.BAD_MESSAGE_TYPE, "00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headerErrors")
  void headerErrorsCarryTheRfcErrorAndData(
      String description, String input, BgpError error, String data) {
    BgpCodecException e = decodeError(hex(input));
    assertThat(e.error()).isEqualTo(error);
    assertThat(e.data()).isEqualTo(hex(data));
  }

  @Test
  void afterAnErrorTheRestOfTheStreamIsDiscarded() {
    EmbeddedChannel channel = new EmbeddedChannel(new BgpMessageDecoder(BgpCodecContext.INITIAL));
    ByteBuf bad = Unpooled.copiedBuffer(hex(MARKER + "0013 06" + KEEPALIVE));
    ByteBuf good = Unpooled.copiedBuffer(hex(KEEPALIVE));
    try {
      assertThatThrownBy(() -> channel.writeInbound(bad))
          .isInstanceOfSatisfying(
              BgpCodecException.class,
              e -> assertThat(e.error()).isEqualTo(BgpError.BAD_MESSAGE_TYPE));
      // the session is closing: no second error, and nothing after the broken message decodes
      assertThat(channel.writeInbound(good)).isFalse();
      assertThat((Object) channel.readInbound()).isNull();
    } finally {
      channel.finishAndReleaseAll();
    }
    assertThat(bad.refCnt()).isZero();
    assertThat(good.refCnt()).isZero();
  }

  @Test
  void errorCodesRoundTripThroughFromWire() {
    for (BgpError e : BgpError.values()) {
      assertThat(BgpError.fromWire(e.code(), e.subcode())).isEqualTo(e);
    }
    assertThat(BgpError.fromWire(6, 99)).isEqualTo(BgpError.CEASE);
    assertThat(BgpError.fromWire(42, 1)).isEqualTo(BgpError.UNRECOGNIZED);
  }
}
