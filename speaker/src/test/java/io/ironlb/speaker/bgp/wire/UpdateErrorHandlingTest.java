package io.ironlb.speaker.bgp.wire;

import static io.ironlb.speaker.bgp.wire.Wire.decode;
import static io.ironlb.speaker.bgp.wire.Wire.decodeError;
import static io.ironlb.speaker.bgp.wire.Wire.hex;
import static io.ironlb.speaker.bgp.wire.Wire.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.bgp.wire.Malformation.Action;
import io.ironlb.speaker.bgp.wire.attr.MpUnreachNlri;
import io.ironlb.speaker.bgp.wire.attr.Origin;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * UPDATE errors: RFC 4271 §6.3 as revised by RFC 7606 — which reset the session (with which code,
 * subcode and data), which are treated as withdraw, which discard one attribute.
 */
class UpdateErrorHandlingTest {

  static final String ORIGIN = "40 01 01 00 ";
  static final String AS_PATH = "40 02 00 "; // empty (iBGP)
  static final String NEXT_HOP = "40 03 04 c0000201 ";
  static final String BASE = ORIGIN + AS_PATH + NEXT_HOP;
  static final String NLRI = "08 0a"; // 10.0.0.0/8

  /** MP_REACH_NLRI IPv6 unicast, next hop 2001:db8::1, NLRI 2001:db8:0:1::/64. */
  static final String MP_REACH =
      "80 0e 1e 0002 01 10 20010db8000000000000000000000001 00 40 20010db800000001 ";

  static Stream<Arguments> sessionResets() {
    return Stream.of(
        reset(
            "Withdrawn Routes Length overruns",
            Wire.message(2, "00ff 0000"),
            BgpError.MALFORMED_ATTRIBUTE_LIST,
            ""),
        reset(
            "Total Path Attribute Length overruns",
            Wire.message(2, "0000 00ff"),
            BgpError.MALFORMED_ATTRIBUTE_LIST,
            ""),
        reset(
            "unrecognized well-known attribute",
            update("", BASE + "40 63 01 00", NLRI),
            BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
            "40 63 01 00"),
        reset(
            "MP_REACH_NLRI twice (RFC 7606 §3(g))",
            update("", ORIGIN + AS_PATH + MP_REACH + MP_REACH, ""),
            BgpError.MALFORMED_ATTRIBUTE_LIST,
            ""),
        reset(
            "MP_REACH_NLRI with transitive flag",
            update("", ORIGIN + AS_PATH + "c" + MP_REACH.substring(1), ""),
            BgpError.ATTRIBUTE_FLAGS_ERROR,
            "c" + MP_REACH.substring(1)),
        reset(
            "MP_REACH_NLRI IPv6 with a 4-byte next hop (RFC 7606 §7.11)",
            update("", ORIGIN + AS_PATH + "80 0e 0b 0002 01 04 c0000201 00 08 0a", ""),
            BgpError.OPTIONAL_ATTRIBUTE_ERROR,
            "80 0e 0b 0002 01 04 c0000201 00 08 0a"),
        reset(
            "MP_REACH_NLRI prefix length 129",
            update("", ORIGIN + AS_PATH + "80 0e 16 0002 01 10 " + "00".repeat(16) + "00 81", ""),
            BgpError.INVALID_NETWORK_FIELD,
            ""),
        reset(
            "MP_UNREACH_NLRI overruns the attributes",
            update("", "80 0f 10 0002 01", ""),
            BgpError.ATTRIBUTE_LENGTH_ERROR,
            "80 0f 10 0002 01"),
        reset(
            "MP_UNREACH_NLRI shorter than AFI and SAFI",
            update("", "80 0f 02 0002", ""),
            BgpError.ATTRIBUTE_LENGTH_ERROR,
            "80 0f 02 0002"),
        reset(
            "NLRI prefix length 33",
            update("", BASE, "21 0a000000 00"),
            BgpError.INVALID_NETWORK_FIELD,
            ""),
        reset(
            "withdrawn prefix overruns the field",
            update("18 0a", "", ""),
            BgpError.INVALID_NETWORK_FIELD,
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sessionResets")
  void sessionResetsCarryTheRfcErrorAndData(
      String description, byte[] message, BgpError error, byte[] data) {
    BgpCodecException e = decodeError(message);
    assertThat(e.error()).isEqualTo(error);
    assertThat(e.data()).isEqualTo(data);
  }

  static Stream<Arguments> treatAsWithdraw() {
    return Stream.of(
        withdraw(
            "ORIGIN value 3",
            "40 01 01 03 " + AS_PATH + NEXT_HOP,
            1,
            BgpError.INVALID_ORIGIN_ATTRIBUTE),
        withdraw(
            "ORIGIN length 2",
            "40 01 02 0000 " + AS_PATH + NEXT_HOP,
            1,
            BgpError.ATTRIBUTE_LENGTH_ERROR),
        withdraw(
            "ORIGIN flagged optional",
            "c0 01 01 00 " + AS_PATH + NEXT_HOP,
            1,
            BgpError.ATTRIBUTE_FLAGS_ERROR),
        withdraw(
            "AS_PATH segment type 7",
            ORIGIN + "40 02 06 07 01 0000fde9 " + NEXT_HOP,
            2,
            BgpError.MALFORMED_AS_PATH),
        withdraw(
            "AS_PATH segment of 0 ASNs",
            ORIGIN + "40 02 02 02 00 " + NEXT_HOP,
            2,
            BgpError.MALFORMED_AS_PATH),
        withdraw(
            "AS_PATH segment overruns",
            ORIGIN + "40 02 06 02 02 0000fde9 " + NEXT_HOP,
            2,
            BgpError.MALFORMED_AS_PATH),
        withdraw(
            "NEXT_HOP length 5",
            ORIGIN + AS_PATH + "40 03 05 c000020101",
            3,
            BgpError.ATTRIBUTE_LENGTH_ERROR),
        withdraw(
            "NEXT_HOP multicast",
            ORIGIN + AS_PATH + "40 03 04 e0000001",
            3,
            BgpError.INVALID_NEXT_HOP_ATTRIBUTE),
        withdraw(
            "NEXT_HOP 0.0.0.0",
            ORIGIN + AS_PATH + "40 03 04 00000000",
            3,
            BgpError.INVALID_NEXT_HOP_ATTRIBUTE),
        withdraw("MED length 2", BASE + "80 04 02 0000", 4, BgpError.ATTRIBUTE_LENGTH_ERROR),
        withdraw(
            "LOCAL_PREF length 3", BASE + "40 05 03 000064", 5, BgpError.ATTRIBUTE_LENGTH_ERROR),
        withdraw(
            "COMMUNITIES length 5",
            BASE + "c0 08 05 0000000000",
            8,
            BgpError.ATTRIBUTE_LENGTH_ERROR),
        withdraw("COMMUNITIES empty", BASE + "c0 08 00", 8, BgpError.ATTRIBUTE_LENGTH_ERROR),
        withdraw(
            "LARGE_COMMUNITY length 8",
            BASE + "c0 20 08 0000000000000000",
            32,
            BgpError.ATTRIBUTE_LENGTH_ERROR),
        withdraw(
            "NEXT_HOP missing with IPv4 NLRI",
            ORIGIN + AS_PATH,
            3,
            BgpError.MISSING_WELL_KNOWN_ATTRIBUTE),
        withdraw("AS_PATH missing", ORIGIN + NEXT_HOP, 2, BgpError.MISSING_WELL_KNOWN_ATTRIBUTE),
        withdraw(
            "last attribute overruns (RFC 7606 §4)",
            BASE + "c0 08 08 00000001",
            8,
            BgpError.ATTRIBUTE_LENGTH_ERROR),
        withdraw(
            "truncated attribute header (RFC 7606 §4)",
            BASE + "40 05",
            0,
            BgpError.MALFORMED_ATTRIBUTE_LIST));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("treatAsWithdraw")
  void malformedAttributesWithdrawTheRoutes(
      String description, String attributes, int type, BgpError error) {
    Update update = (Update) decode(update("08 0b", attributes, NLRI));
    assertThat(update.treatAsWithdraw()).isTrue();
    assertThat(update.malformations())
        .anySatisfy(
            m -> {
              assertThat(m.error()).isEqualTo(error);
              assertThat(m.attributeType()).isEqualTo(type);
              assertThat(m.action()).isEqualTo(Action.TREAT_AS_WITHDRAW);
            });
    assertThat(update.nlri()).isEmpty();
    assertThat(update.withdrawn())
        .containsExactly(Prefix.parse("11.0.0.0/8"), Prefix.parse("10.0.0.0/8"));
    assertThat(update.attributes()).isEmpty();
  }

  @Test
  void ipv6RoutesOfAMalformedUpdateAreWithdrawnInMpUnreach() {
    Update update = (Update) decode(update("", "40 01 01 07 " + AS_PATH + MP_REACH, ""));
    assertThat(update.treatAsWithdraw()).isTrue();
    assertThat(update.attributes())
        .containsExactly(
            new MpUnreachNlri(
                AddressFamily.IPV6_UNICAST, List.of(Prefix.parse("2001:db8:0:1::/64"))));
    // and such an UPDATE re-encodes as a plain withdrawal
    assertThat(Wire.decode(Wire.encode(update)))
        .isEqualTo(new Update(List.of(), update.attributes(), List.of()));
  }

  @Test
  void missingOriginWithMpReachIsTreatAsWithdraw() {
    Update update = (Update) decode(update("", AS_PATH + MP_REACH, ""));
    assertThat(update.treatAsWithdraw()).isTrue();
    assertThat(update.malformations())
        .extracting(Malformation::error)
        .containsExactly(BgpError.MISSING_WELL_KNOWN_ATTRIBUTE);
  }

  static Stream<Arguments> attributeDiscard() {
    return Stream.of(
        Arguments.of(
            "ATOMIC_AGGREGATE of length 1 (RFC 7606 §7.6)",
            BASE + "40 06 01 00",
            6,
            BgpError.ATTRIBUTE_LENGTH_ERROR),
        Arguments.of(
            "ORIGIN twice (RFC 7606 §3(g))",
            BASE + "40 01 01 02",
            1,
            BgpError.MALFORMED_ATTRIBUTE_LIST),
        Arguments.of(
            "MP_REACH_NLRI of an unsupported family (VPNv4)",
            BASE + "80 0e 05 0001 80 00 00",
            14,
            BgpError.OPTIONAL_ATTRIBUTE_ERROR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attributeDiscard")
  void discardedAttributesLeaveTheRoutesAnnounced(
      String description, String attributes, int type, BgpError error) {
    Update update = (Update) decode(update("", attributes, NLRI));
    assertThat(update.treatAsWithdraw()).isFalse();
    assertThat(update.malformations())
        .containsExactly(
            new Malformation(
                error, type, Action.ATTRIBUTE_DISCARD, update.malformations().get(0).reason()));
    assertThat(update.nlri()).containsExactly(Prefix.parse("10.0.0.0/8"));
    assertThat(update.attribute(Origin.class)).contains(Origin.IGP);
    assertThat(update.attributes()).noneMatch(a -> a.typeCode() == type && type != 1);
  }

  private static Arguments reset(String description, byte[] message, BgpError error, String data) {
    return Arguments.of(description, message, error, hex(data));
  }

  private static Arguments withdraw(
      String description, String attributes, int type, BgpError error) {
    return Arguments.of(description, attributes, type, error);
  }
}
