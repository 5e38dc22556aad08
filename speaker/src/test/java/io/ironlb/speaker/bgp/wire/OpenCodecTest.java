package io.ironlb.speaker.bgp.wire;

import static io.ironlb.speaker.bgp.wire.Wire.MARKER;
import static io.ironlb.speaker.bgp.wire.Wire.decode;
import static io.ironlb.speaker.bgp.wire.Wire.decodeError;
import static io.ironlb.speaker.bgp.wire.Wire.encode;
import static io.ironlb.speaker.bgp.wire.Wire.hex;
import static io.ironlb.speaker.bgp.wire.Wire.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ironlb.speaker.bgp.wire.cap.Capabilities;
import io.ironlb.speaker.bgp.wire.cap.Capability;
import io.ironlb.speaker.bgp.wire.cap.FourOctetAsCapability;
import io.ironlb.speaker.bgp.wire.cap.GracefulRestartCapability;
import io.ironlb.speaker.bgp.wire.cap.MultiprotocolCapability;
import io.ironlb.speaker.bgp.wire.cap.RouteRefreshCapability;
import io.ironlb.speaker.bgp.wire.cap.UnknownCapability;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OPEN (RFC 4271 §4.2), its capabilities (RFC 5492, 4760, 6793, 2918, 4724) and errors (§6.2). */
class OpenCodecTest {

  static final Inet4Address ID = ipv4("192.0.2.1");

  /** An OPEN for AS 4200000001, which does not fit in 2 bytes. */
  static final String OPEN_AS4 =
      MARKER
          + "003b 01" // length 59, type OPEN
          + "04" // version 4
          + "5ba0" // My AS: AS_TRANS (23456), RFC 6793 §4.1
          + "005a" // hold time 90
          + "c0000201" // BGP identifier 192.0.2.1
          + "1e" // optional parameters length 30
          + "02 1c" // parameter type 2 (capabilities), length 28
          + "  01 04 0001 00 01" // MP: AFI 1, reserved, SAFI 1
          + "  01 04 0002 00 01" // MP: AFI 2, reserved, SAFI 1
          + "  02 00" // route refresh
          + "  41 04 fa56ea01" // 4-octet AS 4200000001
          + "  40 06 8078 0001 01 80"; // GR: R bit, 120 s; IPv4 unicast with F bit

  static final Open OPEN_AS4_VALUE =
      new Open(
          4,
          Open.AS_TRANS,
          90,
          ID,
          List.of(
              MultiprotocolCapability.IPV4_UNICAST,
              MultiprotocolCapability.IPV6_UNICAST,
              RouteRefreshCapability.INSTANCE,
              new FourOctetAsCapability(4_200_000_001L),
              new GracefulRestartCapability(
                  true, 120, List.of(new GracefulRestartCapability.Family(1, 1, true)))));

  @Test
  void openWithFourOctetAsEncodesAsTransInMyAs() {
    assertThat(encode(OPEN_AS4_VALUE)).isEqualTo(hex(OPEN_AS4));
    Open decoded = (Open) decode(hex(OPEN_AS4));
    assertThat(decoded).isEqualTo(OPEN_AS4_VALUE);
    assertThat(decoded.myAs()).isEqualTo(23456);
    assertThat(decoded.autonomousSystem()).isEqualTo(4_200_000_001L);
  }

  @Test
  void openOfPutsAsTransAndTheCapabilityForLargeAs() {
    Open open = Open.of(4_200_000_001L, 90, ID, List.of(MultiprotocolCapability.IPV4_UNICAST));
    assertThat(open.myAs()).isEqualTo(Open.AS_TRANS);
    assertThat(open.fourOctetAs()).contains(new FourOctetAsCapability(4_200_000_001L));
    assertThat(Open.of(65001, 90, ID, List.of()).myAs()).isEqualTo(65001);
  }

  @Test
  void openWithoutCapabilitiesRoundTrips() {
    // RFC 4271 §4.2: the minimum OPEN, 29 bytes
    String minimal = MARKER + "001d 01 04 fde9 00b4 c0000201 00";
    Open open = new Open(4, 65001, 180, ID, List.of());
    assertThat(encode(open)).isEqualTo(hex(minimal));
    assertThat(decode(hex(minimal))).isEqualTo(open);
    assertThat(open.autonomousSystem()).isEqualTo(65001);
  }

  @Test
  void capabilitiesInSeparateParametersReadLikeOneParameter() {
    // FRR and GoBGP style: one capability per optional parameter; and unknown codes kept
    byte[] bytes =
        message(
            1,
            "04 fde9 005a c0000201 13"
                + "02 06 01 04 0001 00 01" // MP IPv4 unicast
                + "02 02 80 00" // route refresh, pre-standard code 128: unknown, kept
                + "02 05 49 03 02 6869"); // FQDN (73) "hi": unknown, kept
    Open open = (Open) decode(bytes);
    assertThat(open.capabilities())
        .containsExactly(
            MultiprotocolCapability.IPV4_UNICAST,
            new UnknownCapability(128, new byte[0]),
            new UnknownCapability(73, hex("02 6869")));
    assertThat(Wire.decode(encode(open))).isEqualTo(open);
  }

  @Test
  void gracefulRestartKeepsTheNotificationBitAndFamilies() {
    GracefulRestartCapability gr =
        new GracefulRestartCapability(
            false,
            4095,
            List.of(
                new GracefulRestartCapability.Family(1, 1, false),
                new GracefulRestartCapability.Family(2, 1, true)),
            true);
    Open open = new Open(4, 65001, 3, ID, List.of(gr));
    byte[] bytes = encode(open);
    // 02 0c | 40 0a | 4fff (N bit, 4095 s) | 0001 01 00 | 0002 01 80
    assertThat(Wire.toHex(bytes)).endsWith("020c400a4fff00010100000201" + "80");
    assertThat(decode(bytes)).isEqualTo(open);
  }

  static Stream<Arguments> openErrors() {
    return Stream.of(
        Arguments.of(
            "version 3", "03 fde9 005a c0000201 00", BgpError.UNSUPPORTED_VERSION_NUMBER, "0004"),
        Arguments.of("My AS 0", "04 0000 005a c0000201 00", BgpError.BAD_PEER_AS, ""),
        Arguments.of(
            "AS_TRANS without the 4-octet capability",
            "04 5ba0 005a c0000201 00",
            BgpError.BAD_PEER_AS,
            ""),
        Arguments.of(
            "4-octet AS 0",
            "04 fde9 005a c0000201 08 02 06 41 04 00000000",
            BgpError.BAD_PEER_AS,
            ""),
        Arguments.of(
            "BGP identifier 0.0.0.0", "04 fde9 005a 00000000 00", BgpError.BAD_BGP_IDENTIFIER, ""),
        Arguments.of(
            "authentication parameter (type 1)",
            "04 fde9 005a c0000201 03 01 01 00",
            BgpError.UNSUPPORTED_OPTIONAL_PARAMETER,
            ""),
        Arguments.of(
            "extended optional parameters (RFC 9072)",
            "04 fde9 005a c0000201 02 ff 00",
            BgpError.UNSUPPORTED_OPTIONAL_PARAMETER,
            ""),
        Arguments.of(
            "hold time 1", "04 fde9 0001 c0000201 00", BgpError.UNACCEPTABLE_HOLD_TIME, ""),
        Arguments.of(
            "hold time 2", "04 fde9 0002 c0000201 00", BgpError.UNACCEPTABLE_HOLD_TIME, ""),
        Arguments.of(
            "malformed MP capability (length 3)",
            "04 fde9 005a c0000201 07 02 05 01 03 000100",
            BgpError.OPEN_UNSPECIFIC,
            ""),
        Arguments.of(
            "malformed graceful restart (length 3)",
            "04 fde9 005a c0000201 07 02 05 40 03 000000",
            BgpError.OPEN_UNSPECIFIC,
            ""),
        Arguments.of(
            "capability overruns its parameter",
            "04 fde9 005a c0000201 04 02 02 41 04",
            BgpError.OPEN_UNSPECIFIC,
            ""),
        Arguments.of(
            "Opt Parm Len beyond the message",
            "04 fde9 005a c0000201 09 02 00",
            BgpError.OPEN_UNSPECIFIC,
            ""),
        Arguments.of(
            "Opt Parm Len short of the message",
            "04 fde9 005a c0000201 00 02 00",
            BgpError.OPEN_UNSPECIFIC,
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("openErrors")
  void openErrorsCarryTheRfcErrorAndData(
      String description, String body, BgpError error, String data) {
    BgpCodecException e = decodeError(message(1, body));
    assertThat(e.error()).isEqualTo(error);
    assertThat(e.data()).isEqualTo(hex(data));
    assertThat(e.toNotification()).isEqualTo(new Notification(error, hex(data)));
  }

  @Test
  void holdTimeZeroAndThreeAreAcceptable() {
    assertThat(((Open) decode(message(1, "04 fde9 0000 c0000201 00"))).holdTime()).isZero();
    assertThat(((Open) decode(message(1, "04 fde9 0003 c0000201 00"))).holdTime()).isEqualTo(3);
  }

  @Test
  void missingRequiredCapabilityIsUnsupportedCapabilityListingIt() {
    List<Capability> required =
        List.of(MultiprotocolCapability.IPV6_UNICAST, RouteRefreshCapability.INSTANCE);
    BgpCodecException e =
        catchThrowableOfType(
            BgpCodecException.class,
            () ->
                Capabilities.requireAll(
                    List.of(MultiprotocolCapability.IPV4_UNICAST, RouteRefreshCapability.INSTANCE),
                    required));
    // RFC 5492 §5: data lists the capabilities (code, length, value) the peer lacks
    assertThat(e.error()).isEqualTo(BgpError.UNSUPPORTED_CAPABILITY);
    assertThat(e.data()).isEqualTo(hex("01 04 0002 00 01"));
    Capabilities.requireAll(required, required); // all present: no exception
  }

  static Inet4Address ipv4(String literal) {
    try {
      return (Inet4Address) InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
