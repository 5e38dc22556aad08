package io.ironlb.speaker.bgp.wire;

import static io.ironlb.speaker.bgp.wire.Wire.MARKER;
import static io.ironlb.speaker.bgp.wire.Wire.decode;
import static io.ironlb.speaker.bgp.wire.Wire.decodeError;
import static io.ironlb.speaker.bgp.wire.Wire.encode;
import static io.ironlb.speaker.bgp.wire.Wire.hex;
import static io.ironlb.speaker.bgp.wire.Wire.toHex;
import static io.ironlb.speaker.bgp.wire.Wire.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.bgp.wire.attr.AsPath;
import io.ironlb.speaker.bgp.wire.attr.AsPathSegment;
import io.ironlb.speaker.bgp.wire.attr.AtomicAggregate;
import io.ironlb.speaker.bgp.wire.attr.Communities;
import io.ironlb.speaker.bgp.wire.attr.LargeCommunities;
import io.ironlb.speaker.bgp.wire.attr.LargeCommunities.LargeCommunity;
import io.ironlb.speaker.bgp.wire.attr.LocalPref;
import io.ironlb.speaker.bgp.wire.attr.MpReachNlri;
import io.ironlb.speaker.bgp.wire.attr.MpUnreachNlri;
import io.ironlb.speaker.bgp.wire.attr.MultiExitDisc;
import io.ironlb.speaker.bgp.wire.attr.NextHop;
import io.ironlb.speaker.bgp.wire.attr.Origin;
import io.ironlb.speaker.bgp.wire.attr.PathAttribute;
import io.ironlb.speaker.bgp.wire.attr.UnknownAttribute;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** UPDATE (RFC 4271 §4.3) and each path attribute, exact bytes and round trips. */
class UpdateCodecTest {

  /** An eBGP IPv4 announcement on a 4-octet AS session. */
  static final String IPV4_UPDATE =
      MARKER
          + "0051 02" // length 81, UPDATE
          + "0000" // withdrawn routes length 0
          + "0031" // total path attribute length 49
          + "40 01 01 00" // ORIGIN (well-known), IGP
          + "40 02 06 02 01 0000fde9" // AS_PATH: AS_SEQUENCE of 1: 65001 (4 bytes)
          + "40 03 04 c0000201" // NEXT_HOP 192.0.2.1
          + "40 05 04 00000064" // LOCAL_PREF 100
          + "c0 08 04 fde80064" // COMMUNITIES (optional transitive): 65000:100
          + "c0 20 0c 0000fde8 00000001 00000002" // LARGE_COMMUNITY 65000:1:2
          + "18 c63364" // NLRI 198.51.100.0/24
          + "20 cb007105"; // NLRI 203.0.113.5/32

  static final Update IPV4_VALUE =
      new Update(
          List.of(),
          List.of(
              Origin.IGP,
              AsPath.sequence(65001L),
              new NextHop(OpenCodecTest.ipv4("192.0.2.1")),
              new LocalPref(100),
              new Communities(List.of(Communities.of(65000, 100))),
              new LargeCommunities(List.of(new LargeCommunity(65000, 1, 2)))),
          List.of(Prefix.parse("198.51.100.0/24"), Prefix.parse("203.0.113.5/32")));

  /** An IPv6 announcement: MP_REACH_NLRI first, with global and link-local next hops. */
  static final String IPV6_UPDATE =
      MARKER
          + "0066 02" // length 102, UPDATE
          + "0000 004f" // no withdrawn routes, 79 bytes of attributes
          + "80 0e 3f" // MP_REACH_NLRI (optional non-transitive), length 63
          + "  0002 01" // AFI 2, SAFI 1
          + "  20" // next hop length 32: global + link-local (RFC 2545 §3)
          + "  20010db8000000000000000000000001" // 2001:db8::1
          + "  fe800000000000000000000000000001" // fe80::1
          + "  00" // reserved
          + "  40 20010db800000001" // 2001:db8:0:1::/64
          + "  80 20010db8000100000000000000000010" // 2001:db8:1::10/128
          + "40 01 01 00" // ORIGIN IGP
          + "40 02 06 02 01 0000fde9"; // AS_PATH 65001

  @Test
  void ipv4UpdateExactBytesAndRoundTrip() {
    assertThat(encode(IPV4_VALUE)).isEqualTo(hex(IPV4_UPDATE));
    assertThat(decode(hex(IPV4_UPDATE))).isEqualTo(IPV4_VALUE);
  }

  @Test
  void ipv6UpdateExactBytesAndRoundTrip() throws Exception {
    Update update =
        new Update(
            List.of(),
            List.of(
                Origin.IGP,
                AsPath.sequence(65001L),
                MpReachNlri.ipv6(
                    ipv6("2001:db8::1"),
                    Optional.of(ipv6("fe80::1")),
                    List.of(
                        Prefix.parse("2001:db8:0:1::/64"), Prefix.parse("2001:db8:1::10/128")))),
            List.of());
    assertThat(toHex(encode(update))).isEqualTo(toHex(hex(IPV6_UPDATE)));
    assertThat(decode(hex(IPV6_UPDATE))).isEqualTo(update);
  }

  @Test
  void ipv6NextHopWithoutLinkLocalIs16Bytes() throws Exception {
    MpReachNlri reach =
        MpReachNlri.ipv6(ipv6("2001:db8::1"), Optional.empty(), List.of(Prefix.parse("::/0")));
    Update update = new Update(List.of(), List.of(Origin.IGP, AsPath.EMPTY, reach), List.of());
    byte[] bytes = encode(update);
    assertThat(toHex(bytes)).contains("800e16" + "000201" + "10" + "20010db8");
    assertThat(decode(bytes)).isEqualTo(update);
  }

  @Test
  void withdrawalsExactBytes() {
    String bytes = MARKER + "001b 02 0004 18 c63364 0000"; // withdraw 198.51.100.0/24
    Update withdraw = new Update(List.of(Prefix.parse("198.51.100.0/24")), List.of(), List.of());
    assertThat(encode(withdraw)).isEqualTo(hex(bytes));
    assertThat(decode(hex(bytes))).isEqualTo(withdraw);
    String v6 = MARKER + "0026 02 0000 000f 80 0f 0c 0002 01 40 20010db800000001";
    Update withdraw6 =
        new Update(
            List.of(),
            List.of(
                new MpUnreachNlri(
                    AddressFamily.IPV6_UNICAST, List.of(Prefix.parse("2001:db8:0:1::/64")))),
            List.of());
    assertThat(encode(withdraw6)).isEqualTo(hex(v6));
    assertThat(decode(hex(v6))).isEqualTo(withdraw6);
  }

  @Test
  void endOfRibMarkers() {
    // RFC 4724 §2: IPv4 is an empty UPDATE; others an empty MP_UNREACH_NLRI of the family
    String v4 = MARKER + "0017 02 0000 0000";
    String v6 = MARKER + "001d 02 0000 0006 80 0f 03 0002 01";
    assertThat(encode(Update.endOfRib(AddressFamily.IPV4_UNICAST))).isEqualTo(hex(v4));
    assertThat(encode(Update.endOfRib(AddressFamily.IPV6_UNICAST))).isEqualTo(hex(v6));
    assertThat(((Update) decode(hex(v4))).endOfRibFamily()).contains(AddressFamily.IPV4_UNICAST);
    assertThat(((Update) decode(hex(v6))).endOfRibFamily()).contains(AddressFamily.IPV6_UNICAST);
    assertThat(IPV4_VALUE.endOfRibFamily()).isEmpty();
  }

  @Test
  void asPathUsesTwoByteAsnsWithoutFourOctetAsAndAsTransForLargeOnes() {
    Update update =
        new Update(
            List.of(),
            List.of(
                Origin.EGP,
                new AsPath(
                    List.of(
                        new AsPathSegment(AsPathSegment.Type.SEQUENCE, List.of(65001L, 65002L)),
                        new AsPathSegment(AsPathSegment.Type.SET, List.of(64512L)))),
                new NextHop(OpenCodecTest.ipv4("192.0.2.1"))),
            List.of(Prefix.parse("10.0.0.0/8")));
    byte[] twoByte = encode(update, BgpCodecContext.INITIAL);
    // AS_PATH length 10: SEQUENCE of 2 x 2 bytes, SET of 1 x 2 bytes
    assertThat(toHex(twoByte)).contains("40020a" + "0202fde9fdea" + "0101fc00");
    assertThat(decode(twoByte, BgpCodecContext.INITIAL)).isEqualTo(update);
    byte[] fourByte = encode(update, BgpCodecContext.FOUR_OCTET_AS);
    assertThat(toHex(fourByte)).contains("400210" + "02020000fde90000fdea" + "01010000fc00");
    assertThat(decode(fourByte, BgpCodecContext.FOUR_OCTET_AS)).isEqualTo(update);

    Update large = new Update(List.of(), List.of(AsPath.sequence(4_200_000_001L)), List.of());
    assertThat(toHex(encode(large, BgpCodecContext.INITIAL))).contains("400204" + "02015ba0");
  }

  @Test
  void medAtomicAggregateAndExtendedLengthCommunities() {
    List<Long> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(Communities.of(65000, i));
    }
    Update update =
        new Update(
            List.of(),
            List.of(
                Origin.INCOMPLETE,
                AsPath.EMPTY,
                new NextHop(OpenCodecTest.ipv4("192.0.2.1")),
                new MultiExitDisc(4_294_967_295L),
                AtomicAggregate.INSTANCE,
                new Communities(many)),
            List.of(Prefix.parse("10.1.0.0/16")));
    String hex = toHex(encode(update));
    assertThat(hex).contains("400101" + "02"); // INCOMPLETE
    assertThat(hex).contains("400200"); // empty AS_PATH
    assertThat(hex).contains("800404ffffffff"); // MED
    assertThat(hex).contains("400600"); // ATOMIC_AGGREGATE
    assertThat(hex).contains("d0080190" + "fde80000"); // extended length 400 (E bit 0x10)
    assertThat(decode(hex(hex))).isEqualTo(update);
  }

  @Test
  void extendedLengthIsAcceptedOnShortAttributes() {
    Update update =
        (Update) decode(update("", "50 01 0001 00" + "50 02 0000" + "40 03 04 c0000201", "08 0a"));
    assertThat(update.attribute(Origin.class)).contains(Origin.IGP);
    assertThat(update.nlri()).containsExactly(Prefix.parse("10.0.0.0/8"));
  }

  @Test
  void unknownOptionalTransitivePassesThroughWithPartialSet() {
    byte[] in = update("", "40 01 01 00 40 02 00 c0 63 02 abcd", "");
    Update update = (Update) decode(in);
    UnknownAttribute unknown = update.attribute(UnknownAttribute.class).orElseThrow();
    assertThat(unknown.typeCode()).isEqualTo(99);
    assertThat(unknown.flags())
        .isEqualTo(PathAttribute.OPTIONAL_TRANSITIVE | PathAttribute.PARTIAL);
    assertThat(unknown.value()).isEqualTo(hex("abcd"));
    // RFC 4271 §5: passed on with the Partial bit set
    assertThat(toHex(encode(update))).endsWith("e06302abcd");
    assertThat(update.malformations()).isEmpty();
  }

  @Test
  void unknownOptionalNonTransitiveIsQuietlyDropped() {
    Update update = (Update) decode(update("", "40 01 01 00 40 02 00 80 63 01 ff", ""));
    assertThat(update.attributes()).containsExactly(Origin.IGP, AsPath.EMPTY);
    assertThat(update.malformations()).isEmpty();
  }

  @Test
  void unknownWellKnownIsRejectedWithTheAttributeAsData() {
    BgpCodecException e = decodeError(update("", "40 01 01 00 40 63 02 abcd", ""));
    assertThat(e.error()).isEqualTo(BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE);
    assertThat(e.data()).isEqualTo(hex("40 63 02 abcd"));
  }

  @Test
  void trailingPrefixBitsAreMaskedOnReceipt() {
    // 10.1.2.3/8 on the wire: RFC 4271 says trailing bits are irrelevant
    Update update = (Update) decode(update("08 0a", "", ""));
    assertThat(update.withdrawn()).containsExactly(Prefix.parse("10.0.0.0/8"));
    Update odd = (Update) decode(update("0c 0aff", "", ""));
    assertThat(odd.withdrawn()).containsExactly(Prefix.parse("10.240.0.0/12"));
  }

  @Test
  void attributesAreKeptInCanonicalOrderWithMultiprotocolFirst() throws Exception {
    List<PathAttribute> shuffled =
        new ArrayList<>(
            List.of(
                new LocalPref(1),
                Origin.IGP,
                new MpUnreachNlri(AddressFamily.IPV6_UNICAST, List.of()),
                AsPath.EMPTY));
    Collections.reverse(shuffled);
    Update update = new Update(List.of(), shuffled, List.of());
    assertThat(update.attributes())
        .extracting(PathAttribute::typeCode)
        .containsExactly(MpUnreachNlri.TYPE, Origin.TYPE, AsPath.TYPE, LocalPref.TYPE);
  }

  static Inet6Address ipv6(String literal) throws Exception {
    return (Inet6Address) InetAddress.getByName(literal);
  }
}
