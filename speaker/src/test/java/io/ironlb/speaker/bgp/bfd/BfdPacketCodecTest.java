package io.ironlb.speaker.bgp.bfd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ironlb.speaker.bgp.bfd.BfdCodecException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact bytes, round trips and every RFC 5880 §6.8.6 packet check. */
class BfdPacketCodecTest {

  /**
   * Assembled by hand from RFC 5880 §4.1:
   *
   * <pre>
   * 23          Vers 1 (001), Diag 3 Neighbor Signaled Session Down (00011)
   * e0          Sta 3 Up (11), P 1, F 0, C 0, A 0, D 0, M 0
   * 03          Detect Mult 3
   * 18          Length 24
   * 01020304    My Discriminator
   * fffffffe    Your Discriminator (top bit set: unsigned)
   * 000493e0    Desired Min TX 300,000 µs
   * 000f4240    Required Min RX 1,000,000 µs
   * 00000000    Required Min Echo RX 0 (no Echo)
   * </pre>
   */
  static final String UP_WITH_POLL = "23e00318 01020304 fffffffe 000493e0 000f4240 00000000";

  static final BfdControlPacket UP_WITH_POLL_PACKET =
      BfdControlPacket.asynchronous(
          BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN,
          BfdState.UP,
          true,
          false,
          3,
          0x01020304L,
          0xFFFF_FFFEL,
          300_000,
          1_000_000);

  /**
   * The first packet of a session, shaped as FRR sends it: 20 = Vers 1, Diag 0; 40 = Sta 1 Down, no
   * flags; Your Discriminator 0; slow start 1 s TX; 300 ms RX; 50 ms Echo RX.
   */
  static final String FIRST_DOWN = "20400318 00000001 00000000 000f4240 000493e0 0000c350";

  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  @Test
  void encodesTheRfcLayoutExactly() {
    assertThat(BfdPacketCodec.encode(UP_WITH_POLL_PACKET)).isEqualTo(hex(UP_WITH_POLL));
  }

  @Test
  void decodesTheRfcLayoutExactly() throws BfdCodecException {
    assertThat(BfdPacketCodec.decode(hex(UP_WITH_POLL))).isEqualTo(UP_WITH_POLL_PACKET);
  }

  @Test
  void decodesAFirstDownPacketWithEcho() throws BfdCodecException {
    BfdControlPacket p = BfdPacketCodec.decode(hex(FIRST_DOWN));
    assertThat(p.state()).isEqualTo(BfdState.DOWN);
    assertThat(p.diagnostic()).isEqualTo(BfdDiagnostic.NO_DIAGNOSTIC);
    assertThat(p.yourDiscriminator()).isZero();
    assertThat(p.desiredMinTxUs()).isEqualTo(1_000_000);
    assertThat(p.requiredMinRxUs()).isEqualTo(300_000);
    assertThat(p.requiredMinEchoRxUs()).isEqualTo(50_000);
    assertThat(BfdPacketCodec.encode(p)).isEqualTo(hex(FIRST_DOWN));
  }

  static Stream<Arguments> flagBits() {
    return Stream.of(
        Arguments.of("P", flagged(true, false, false, false, false), 0x20),
        Arguments.of("F", flagged(false, true, false, false, false), 0x10),
        Arguments.of("C", flagged(false, false, true, false, false), 0x08),
        Arguments.of("D", flagged(false, false, false, true, false), 0x02),
        Arguments.of("M", flagged(false, false, false, false, true), 0x01));
  }

  static BfdControlPacket flagged(boolean p, boolean f, boolean c, boolean d, boolean m) {
    return new BfdControlPacket(
        BfdDiagnostic.NO_DIAGNOSTIC, BfdState.INIT, p, f, c, false, d, m, 3, 1, 2, 3, 4, 5);
  }

  @ParameterizedTest(name = "{0} bit")
  @MethodSource("flagBits")
  void eachFlagHasItsBit(String name, BfdControlPacket packet, int bit) {
    assertThat(BfdPacketCodec.encode(packet)[1] & 0xFF).isEqualTo(0x80 | bit); // Sta 2 Init
  }

  @Test
  void everyStateAndDiagnosticRoundTrips() throws BfdCodecException {
    int checked = 0;
    for (BfdState state : BfdState.values()) {
      for (BfdDiagnostic diag : BfdDiagnostic.values()) {
        BfdControlPacket p =
            new BfdControlPacket(
                diag,
                state,
                false,
                true,
                true,
                false,
                true,
                false,
                255,
                0xFFFF_FFFFL,
                0xFFFF_FFFFL,
                0xFFFF_FFFFL,
                0,
                0xFFFF_FFFFL);
        assertThat(BfdPacketCodec.decode(BfdPacketCodec.encode(p))).isEqualTo(p);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(4 * 9);
  }

  @Test
  void decodesFromByteBufWithoutMovingOrReleasingIt() throws BfdCodecException {
    ByteBuf buf = Unpooled.buffer();
    try {
      buf.writeBytes(new byte[] {9, 9, 9});
      buf.writeBytes(hex(UP_WITH_POLL));
      buf.writeBytes(new byte[] {7, 7}); // after Length: ignored
      buf.readerIndex(3);
      assertThat(BfdPacketCodec.decode(buf)).isEqualTo(UP_WITH_POLL_PACKET);
      assertThat(buf.readerIndex()).isEqualTo(3);
      assertThat(buf.refCnt()).isEqualTo(1);
    } finally {
      buf.release();
    }
  }

  @Test
  void encodesIntoByteBuf() {
    ByteBuf buf = Unpooled.buffer();
    try {
      BfdPacketCodec.encode(UP_WITH_POLL_PACKET, buf);
      byte[] out = new byte[buf.readableBytes()];
      buf.readBytes(out);
      assertThat(out).isEqualTo(hex(UP_WITH_POLL));
    } finally {
      buf.release();
    }
  }

  @Test
  void lengthBeyond24WithinTheDatagramIsAccepted() throws BfdCodecException {
    byte[] data = Arrays.copyOf(hex(UP_WITH_POLL), 30);
    data[3] = 30;
    assertThat(BfdPacketCodec.decode(data)).isEqualTo(UP_WITH_POLL_PACKET);
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] whole = hex(UP_WITH_POLL);
    for (int n = 0; n < whole.length; n++) {
      byte[] cut = Arrays.copyOf(whole, n);
      assertThatThrownBy(() -> BfdPacketCodec.decode(cut))
          .as("%d bytes", n)
          .isInstanceOfSatisfying(
              BfdCodecException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        row(
            "version 0",
            "03e00318 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.BAD_VERSION),
        row(
            "version 2",
            "43e00318 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.BAD_VERSION),
        row(
            "version 7",
            "e3e00318 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.BAD_VERSION),
        row(
            "length 23",
            "23e00317 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.BAD_LENGTH),
        row("length 0", "23e00300 01020304 fffffffe 000493e0 000f4240 00000000", Reason.BAD_LENGTH),
        row(
            "length 25 > datagram 24",
            "23e00319 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.BAD_LENGTH),
        row(
            "length 255 > datagram",
            "23e003ff 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.BAD_LENGTH),
        row(
            "A bit, length 24 < 26",
            "23e40318 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.BAD_LENGTH),
        row(
            "A bit, length 25 < 26",
            "23e40319 01020304 fffffffe 000493e0 000f4240 00000000 00",
            Reason.BAD_LENGTH),
        row(
            "A bit, simple password section",
            "23e4031d 01020304 fffffffe 000493e0 000f4240 00000000 01050161 62",
            Reason.AUTHENTICATION_NOT_SUPPORTED),
        row(
            "A bit, length 26",
            "23e4031a 01020304 fffffffe 000493e0 000f4240 00000000 0102",
            Reason.AUTHENTICATION_NOT_SUPPORTED),
        row(
            "diag 9 reserved",
            "29e00318 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.UNKNOWN_DIAGNOSTIC),
        row(
            "diag 31 reserved",
            "3fe00318 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.UNKNOWN_DIAGNOSTIC),
        row(
            "detect mult 0",
            "23e00018 01020304 fffffffe 000493e0 000f4240 00000000",
            Reason.ZERO_DETECT_MULTIPLIER),
        row("M bit", "23e10318 01020304 fffffffe 000493e0 000f4240 00000000", Reason.MULTIPOINT),
        row(
            "my discriminator 0",
            "23e00318 00000000 fffffffe 000493e0 000f4240 00000000",
            Reason.ZERO_MY_DISCRIMINATOR),
        row(
            "your discriminator 0 in Up",
            "23e00318 01020304 00000000 000493e0 000f4240 00000000",
            Reason.ZERO_YOUR_DISCRIMINATOR),
        row(
            "your discriminator 0 in Init",
            "23800318 01020304 00000000 000493e0 000f4240 00000000",
            Reason.ZERO_YOUR_DISCRIMINATOR));
  }

  static Arguments row(String description, String hex, Reason reason) {
    return Arguments.of(description, hex, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void receptionChecksRejectWithTheirReason(String description, String hex, Reason reason) {
    assertThatThrownBy(() -> BfdPacketCodec.decode(hex(hex)))
        .isInstanceOfSatisfying(
            BfdCodecException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageStartingWith(reason.name());
  }

  @Test
  void yourDiscriminatorZeroIsFineInDownAndAdminDown() throws BfdCodecException {
    assertThat(
            BfdPacketCodec.decode(hex("20400318 01020304 00000000 000f4240 000f4240 00000000"))
                .state())
        .isEqualTo(BfdState.DOWN);
    assertThat(
            BfdPacketCodec.decode(hex("27000318 01020304 00000000 000f4240 000f4240 00000000"))
                .state())
        .isEqualTo(BfdState.ADMIN_DOWN);
  }

  @Test
  void authenticatedPacketCannotBeEncoded() {
    BfdControlPacket p =
        new BfdControlPacket(
            BfdDiagnostic.NO_DIAGNOSTIC,
            BfdState.DOWN,
            false,
            false,
            false,
            true,
            false,
            false,
            3,
            1,
            0,
            1,
            1,
            0);
    assertThatThrownBy(() -> BfdPacketCodec.encode(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authentication");
  }

  @Test
  void recordRejectsValuesTheWireCannotHold() {
    assertThatThrownBy(() -> flaggedWith(256, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> flaggedWith(3, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> flaggedWith(3, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
  }

  private static BfdControlPacket flaggedWith(int mult, long discriminator) {
    return BfdControlPacket.asynchronous(
        BfdDiagnostic.NO_DIAGNOSTIC, BfdState.DOWN, false, false, mult, discriminator, 0, 1, 1);
  }

  @Test
  void wireValuesMatchRfc5880() {
    assertThat(BfdState.fromWire(0)).isEqualTo(BfdState.ADMIN_DOWN);
    assertThat(BfdState.UP.wireValue()).isEqualTo(3);
    assertThat(BfdDiagnostic.fromWire(1)).contains(BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);
    assertThat(BfdDiagnostic.fromWire(8)).contains(BfdDiagnostic.REVERSE_CONCATENATED_PATH_DOWN);
    assertThat(BfdDiagnostic.fromWire(9)).isEmpty();
    assertThat(BfdDiagnostic.ADMINISTRATIVELY_DOWN.wireValue()).isEqualTo(7);
    assertThatThrownBy(() -> BfdState.fromWire(4)).isInstanceOf(IllegalArgumentException.class);
  }
}
