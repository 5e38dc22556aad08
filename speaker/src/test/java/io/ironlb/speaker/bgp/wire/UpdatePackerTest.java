package io.ironlb.speaker.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.bgp.wire.attr.AsPath;
import io.ironlb.speaker.bgp.wire.attr.Communities;
import io.ironlb.speaker.bgp.wire.attr.MpReachNlri;
import io.ironlb.speaker.bgp.wire.attr.MpUnreachNlri;
import io.ironlb.speaker.bgp.wire.attr.NextHop;
import io.ironlb.speaker.bgp.wire.attr.Origin;
import io.ironlb.speaker.bgp.wire.attr.PathAttribute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Packing one attribute set's prefixes into as few UPDATEs as fit in 4096 bytes. */
class UpdatePackerTest {

  static final BgpCodecContext CTX = BgpCodecContext.FOUR_OCTET_AS;
  static final int COUNT = 10_000;

  /** ORIGIN (4) + AS_PATH 1 ASN (9) + NEXT_HOP (7) + COMMUNITIES 1 (7) = 27 bytes. */
  static final List<PathAttribute> ATTRIBUTES =
      List.of(
          Origin.IGP,
          AsPath.sequence(65001L),
          new NextHop(OpenCodecTest.ipv4("192.0.2.1")),
          new Communities(List.of(Communities.of(65000, 1))));

  private final UpdatePacker packer = new UpdatePacker(CTX);

  @Test
  void tenThousandIpv4HostRoutesFillEachUpdate() throws Exception {
    List<Prefix> prefixes = ipv4Hosts(COUNT);
    List<Update> updates = packer.announceIpv4(ATTRIBUTES, prefixes);
    // 4096 - 19 header - 2 - 2 length fields - 27 attributes, 5 bytes per /32
    int perMessage = (4096 - 23 - 27) / 5;
    assertThat(perMessage).isEqualTo(809);
    assertThat(updates).hasSize(ceilDiv(COUNT, perMessage));
    List<Prefix> back = new ArrayList<>();
    for (Update u : decodeBack(updates)) {
      assertThat(u.attributes()).isEqualTo(ATTRIBUTES);
      back.addAll(u.nlri());
    }
    assertThat(back).isEqualTo(prefixes);
  }

  @Test
  void tenThousandIpv6HostRoutesFillEachMpReach() throws Exception {
    List<Prefix> prefixes = ipv6Hosts(COUNT);
    List<PathAttribute> attributes = List.of(Origin.IGP, AsPath.sequence(65001L));
    Inet6Address nextHop = (Inet6Address) InetAddress.getByName("2001:db8::1");
    Inet6Address linkLocal = (Inet6Address) InetAddress.getByName("fe80::1");
    List<Update> updates =
        packer.announceIpv6(attributes, nextHop, Optional.of(linkLocal), prefixes);
    // 4096 - 23 - 13 attributes - 4 MP_REACH header (extended length) - 37 (AFI, SAFI, NH
    // length, 32-byte next hop, reserved), 17 bytes per /128
    int perMessage = (4096 - 23 - 13 - 4 - 37) / 17;
    assertThat(perMessage).isEqualTo(236);
    assertThat(updates).hasSize(ceilDiv(COUNT, perMessage));
    List<Prefix> back = new ArrayList<>();
    for (Update u : decodeBack(updates)) {
      MpReachNlri reach = u.attribute(MpReachNlri.class).orElseThrow();
      assertThat(reach.nextHop()).isEqualTo(nextHop);
      assertThat(reach.linkLocalNextHop()).contains(linkLocal);
      back.addAll(reach.prefixes());
    }
    assertThat(back).isEqualTo(prefixes);
  }

  @Test
  void withdrawalsArePackedLikewise() throws Exception {
    List<Prefix> v4 = ipv4Hosts(COUNT);
    List<Update> updates4 = packer.withdrawIpv4(v4);
    assertThat(updates4).hasSize(ceilDiv(COUNT, (4096 - 23) / 5));
    List<Prefix> back4 = new ArrayList<>();
    decodeBack(updates4).forEach(u -> back4.addAll(u.withdrawn()));
    assertThat(back4).isEqualTo(v4);

    List<Prefix> v6 = ipv6Hosts(COUNT);
    List<Update> updates6 = packer.withdrawIpv6(v6);
    // MP_UNREACH: 4-byte attribute header, AFI and SAFI
    assertThat(updates6).hasSize(ceilDiv(COUNT, (4096 - 23 - 4 - 3) / 17));
    List<Prefix> back6 = new ArrayList<>();
    decodeBack(updates6)
        .forEach(u -> back6.addAll(u.attribute(MpUnreachNlri.class).orElseThrow().prefixes()));
    assertThat(back6).isEqualTo(v6);
  }

  @Test
  void noPrefixesMeansNoUpdateNotAnEndOfRib() {
    assertThat(packer.announceIpv4(ATTRIBUTES, List.of())).isEmpty();
    assertThat(packer.withdrawIpv6(List.of())).isEmpty();
    assertThat(UpdatePacker.endOfRib(AddressFamily.IPV6_UNICAST).endOfRibFamily())
        .contains(AddressFamily.IPV6_UNICAST);
  }

  /** Encodes all updates into one stream (each at most 4096 bytes) and decodes it back. */
  private static List<Update> decodeBack(List<Update> updates) {
    ByteBuf stream = Unpooled.buffer();
    try {
      for (Update u : updates) {
        int before = stream.writerIndex();
        BgpMessageEncoder.write(u, CTX, stream);
        assertThat(stream.writerIndex() - before).isLessThanOrEqualTo(4096);
      }
      List<Update> decoded = new ArrayList<>();
      Wire.decodeAll(ByteBufUtil.getBytes(stream), CTX).forEach(m -> decoded.add((Update) m));
      assertThat(decoded).hasSameSizeAs(updates);
      return decoded;
    } finally {
      stream.release();
    }
  }

  static List<Prefix> ipv4Hosts(int count) throws Exception {
    List<Prefix> prefixes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] a = {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
      prefixes.add(Prefix.host(InetAddress.getByAddress(a)));
    }
    return prefixes;
  }

  static List<Prefix> ipv6Hosts(int count) throws Exception {
    List<Prefix> prefixes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] a = new byte[16];
      a[0] = 0x20;
      a[1] = 0x01;
      a[2] = 0x0d;
      a[3] = (byte) 0xb8;
      a[14] = (byte) (i >>> 8);
      a[15] = (byte) i;
      prefixes.add(Prefix.host(InetAddress.getByAddress(a)));
    }
    return prefixes;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
