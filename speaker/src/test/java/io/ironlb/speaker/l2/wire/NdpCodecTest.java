package io.ironlb.speaker.l2.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NdpCodecTest {

  /**
   * NS from 2001:db8::100 for 2001:db8::10 to ff02::1:ff00:10 with SLLA 02:00:00:00:00:aa. Built
   * field by field from RFC 4861 §4.3 with an independent checksum routine; tcpdump 4.99 prints
   * "[icmp6 sum ok] ... neighbor solicitation, who has 2001:db8::10" for it.
   */
  static final String NS_FIXTURE =
      "3333ff0000100200000000aa86dd"
          + "6000000000203aff20010db8000000000000000000000100ff0200000000000000000001ff000010"
          + "87001a630000000020010db8000000000000000000000010"
          + "01010200000000aa";

  private static final MacAddress CLIENT = MacAddress.parse("02:00:00:00:00:aa");
  private static final MacAddress NODE = MacAddress.parse("02:00:00:00:00:01");

  private static Inet6Address v6(String s) throws Exception {
    return (Inet6Address) InetAddress.getByName(s);
  }

  private static NdpMessage decode(byte[] frame) throws MalformedFrameException {
    return decode(frame, frame.length);
  }

  private static NdpMessage decode(byte[] frame, int length) throws MalformedFrameException {
    EthernetHeader eth = EthernetCodec.decode(frame, length);
    return NdpCodec.decode(frame, NdpCodec.decodeIpv6(frame, length, eth));
  }

  @Test
  void decodesTheFixtureAndEncodesItByteForByte() throws Exception {
    byte[] fixture = HexFormat.of().parseHex(NS_FIXTURE);
    EthernetHeader eth = EthernetCodec.decode(fixture, fixture.length);
    Ipv6Header ip = NdpCodec.decodeIpv6(fixture, fixture.length, eth);
    NeighborSolicitation expected =
        new NeighborSolicitation(v6("2001:db8::10"), Optional.of(CLIENT));

    assertThat(ip)
        .isEqualTo(new Ipv6Header(v6("2001:db8::100"), v6("ff02::1:ff00:10"), 58, 255, 54, 32));
    assertThat(NdpCodec.decode(fixture, ip)).isEqualTo(expected);
    byte[] encoded =
        NdpCodec.encode(
            MacAddress.parse("33:33:ff:00:00:10"),
            CLIENT,
            ip.source(),
            ip.destination(),
            255,
            expected);
    assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(NS_FIXTURE);
  }

  @Test
  void advertisementRoundTripsWithEveryFlagCombination() throws Exception {
    for (int flags = 0; flags < 8; flags++) {
      NeighborAdvertisement na =
          new NeighborAdvertisement(
              (flags & 4) != 0,
              (flags & 2) != 0,
              (flags & 1) != 0,
              v6("2001:db8::10"),
              flags % 2 == 0 ? Optional.of(NODE) : Optional.empty());

      byte[] frame = NdpCodec.encode(CLIENT, NODE, v6("fe80::1"), v6("2001:db8::100"), 255, na);

      assertThat(decode(frame)).isEqualTo(na);
    }
  }

  @Test
  void solicitationWithoutOptionRoundTrips() throws Exception {
    NeighborSolicitation ns = new NeighborSolicitation(v6("2001:db8::10"), Optional.empty());

    byte[] frame = NdpCodec.encode(NODE, CLIENT, v6("::"), v6("ff02::1:ff00:10"), 255, ns);

    assertThat(frame).hasSize(14 + 40 + 24);
    assertThat(decode(frame)).isEqualTo(ns);
  }

  @Test
  void unknownOptionsAreSkippedAndTheFirstLinkLayerOptionWins() throws Exception {
    byte[] base = HexFormat.of().parseHex(NS_FIXTURE);
    // insert a nonce option (type 14, RFC 3971) of 8 octets before the SLLA, and a second SLLA
    String nonce = "0e01" + "112233445566";
    String secondSlla = "0101" + "020000000bad";
    String hex = NS_FIXTURE.substring(0, 156) + nonce + NS_FIXTURE.substring(156) + secondSlla;
    byte[] frame = HexFormat.of().parseHex(hex);
    frame[18] = 0;
    frame[19] = 48; // payload length 32 + 16
    frame[56] = 0;
    frame[57] = 0;
    Icmpv6Checksum.fill(frame, 14, 54, 48);

    NeighborSolicitation ns = (NeighborSolicitation) decode(frame);

    assertThat(base).hasSize(86);
    assertThat(ns.sourceLinkLayer()).contains(CLIENT);
  }

  @Test
  void everyTruncationIsMalformed() {
    byte[] frame = HexFormat.of().parseHex(NS_FIXTURE);
    for (int length = 14; length < frame.length; length++) {
      int n = length;
      assertThatThrownBy(() -> decode(frame, n)).isInstanceOf(MalformedFrameException.class);
    }
  }

  @Test
  void trailingPaddingIsIgnored() throws Exception {
    byte[] padded = Arrays.copyOf(HexFormat.of().parseHex(NS_FIXTURE), 128);

    assertThat(decode(padded)).isInstanceOf(NeighborSolicitation.class);
  }

  @Test
  void corruptedFieldsAreMalformed() {
    assertMalformed(54 + 2, "checksum");
    assertMalformed(54 + 1, "code not 0");
    assertMalformed(54 + 25, "option length changed to 0 or 2: checksum and length checks");
    assertMalformed(14, "IP version 4 in the version nibble");
    assertMalformed(54, "ICMPv6 type 1 (destination unreachable)");
  }

  @Test
  void optionOverrunningTheMessageIsMalformedEvenWithAValidChecksum() {
    byte[] frame = HexFormat.of().parseHex(NS_FIXTURE);
    frame[54 + 25] = 2; // SLLA claims 16 octets; only 8 remain
    frame[56] = 0;
    frame[57] = 0;
    Icmpv6Checksum.fill(frame, 14, 54, 32);

    assertThatThrownBy(() -> decode(frame)).hasMessageContaining("ND option truncated");
  }

  @Test
  void messageShorterThan24OctetsIsMalformed() {
    byte[] frame = HexFormat.of().parseHex(NS_FIXTURE);
    frame[19] = 20; // payload length 20
    frame[56] = 0;
    frame[57] = 0;
    Icmpv6Checksum.fill(frame, 14, 54, 20);

    assertThatThrownBy(() -> decode(frame)).isInstanceOf(MalformedFrameException.class);
  }

  @Test
  void payloadLengthBeyondTheFrameIsMalformed() {
    byte[] frame = HexFormat.of().parseHex(NS_FIXTURE);
    frame[19] = 33;

    assertThatThrownBy(() -> decode(frame)).hasMessageContaining("IPv6 payload truncated");
  }

  @Test
  void nonIcmpv6PayloadHasNoIcmpType() throws Exception {
    byte[] frame = HexFormat.of().parseHex(NS_FIXTURE);
    frame[20] = 17; // UDP
    EthernetHeader eth = EthernetCodec.decode(frame, frame.length);
    Ipv6Header ip = NdpCodec.decodeIpv6(frame, frame.length, eth);

    assertThat(ip.nextHeader()).isEqualTo(17);
    assertThatThrownBy(() -> NdpCodec.icmpv6Type(frame, ip))
        .isInstanceOf(MalformedFrameException.class);
  }

  @Test
  void ipv4MappedAddressesStayIpv6() throws Exception {
    byte[] frame = HexFormat.of().parseHex(NS_FIXTURE);
    byte[] mapped =
        HexFormat.of().parseHex("00000000000000000000ffffc000020a"); // ::ffff:192.0.2.10
    System.arraycopy(mapped, 0, frame, 54 + 8, 16);
    frame[56] = 0;
    frame[57] = 0;
    Icmpv6Checksum.fill(frame, 14, 54, 32);

    assertThat(decode(frame).target().getAddress()).isEqualTo(mapped);
  }

  private static void assertMalformed(int offset, String description) {
    byte[] frame = HexFormat.of().parseHex(NS_FIXTURE);
    frame[offset] ^= (byte) (offset == 14 ? 0x20 : offset == 54 ? 0x86 : 0x01);
    assertThatThrownBy(() -> decode(frame))
        .as(description)
        .isInstanceOf(MalformedFrameException.class);
  }
}
