package io.ironlb.speaker.l2;

import io.ironlb.speaker.l2.wire.ArpCodec;
import io.ironlb.speaker.l2.wire.ArpPacket;
import io.ironlb.speaker.l2.wire.MacAddress;
import io.ironlb.speaker.l2.wire.NdpCodec;
import io.ironlb.speaker.l2.wire.NeighborSolicitation;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Addresses, interfaces and request frames shared by the layer-2 tests (documentation ranges). */
final class TestFrames {

  static final MacAddress ETH0_MAC = MacAddress.parse("02:00:00:00:00:01");
  static final MacAddress ETH1_MAC = MacAddress.parse("02:00:00:00:01:01");
  static final MacAddress CLIENT_MAC = MacAddress.parse("02:00:00:00:00:aa");
  static final MacAddress OTHER_MAC = MacAddress.parse("02:00:00:00:00:bb");

  static final Inet4Address VIP4 = v4("192.0.2.10");
  static final Inet4Address VIP4_B = v4("192.0.2.11");
  static final Inet4Address UNOWNED4 = v4("192.0.2.99");
  static final Inet4Address CLIENT4 = v4("192.0.2.100");

  static final Inet6Address VIP6 = v6("2001:db8::10");
  static final Inet6Address VIP6_SAME_GROUP = v6("2001:db8:1::10"); // same low 24 bits as VIP6
  static final Inet6Address UNOWNED6 = v6("2001:db8::99");
  static final Inet6Address CLIENT6 = v6("2001:db8::100");
  static final Inet6Address ETH0_LL = v6("fe80::1");
  static final Inet6Address ETH1_LL = v6("fe80::101");
  static final Inet6Address CLIENT_LL = v6("fe80::aa");

  static final InterfaceInfo ETH0 =
      new InterfaceInfo("eth0", 2, ETH0_MAC.bytes(), Optional.of(ETH0_LL), true, true);
  static final InterfaceInfo ETH1 =
      new InterfaceInfo("eth1", 3, ETH1_MAC.bytes(), Optional.of(ETH1_LL), true, true);
  static final InterfaceInfo CLIENT =
      new InterfaceInfo("client", 1, CLIENT_MAC.bytes(), Optional.of(CLIENT_LL), true, true);

  private TestFrames() {}

  static byte[] arpRequest(MacAddress ethDst, Inet4Address target) {
    return arp(ethDst, ArpPacket.REQUEST, CLIENT_MAC, CLIENT4, MacAddress.ZERO, target);
  }

  static byte[] arp(
      MacAddress ethDst,
      int op,
      MacAddress senderMac,
      Inet4Address senderIp,
      MacAddress targetMac,
      Inet4Address targetIp) {
    ArpPacket arp = new ArpPacket(op, senderMac, senderIp, targetMac, targetIp);
    return ArpCodec.encode(ethDst, CLIENT_MAC, arp);
  }

  /** A client's NS for {@code target} to its solicited-node group, with SLLA. */
  static byte[] ns(Inet6Address target) {
    Inet6Address group = SolicitedNodeGroups.groupOf(target);
    return ns(
        MacAddress.ofIpv6Multicast(group), CLIENT6, group, 255, target, Optional.of(CLIENT_MAC));
  }

  static byte[] ns(
      MacAddress ethDst,
      Inet6Address src,
      Inet6Address dst,
      int hopLimit,
      Inet6Address target,
      Optional<MacAddress> slla) {
    return NdpCodec.encode(
        ethDst, CLIENT_MAC, src, dst, hopLimit, new NeighborSolicitation(target, slla));
  }

  /** {@code frame} with an 802.1Q tag (VLAN {@code vid}) after the MAC addresses. */
  static byte[] vlanTagged(byte[] frame, int vid) {
    byte[] tagged = new byte[frame.length + 4];
    System.arraycopy(frame, 0, tagged, 0, 12);
    tagged[12] = (byte) 0x81;
    tagged[14] = (byte) (vid >>> 8);
    tagged[15] = (byte) vid;
    System.arraycopy(frame, 12, tagged, 16, frame.length - 12);
    return tagged;
  }

  static Inet4Address v4(String literal) {
    return (Inet4Address) ip(literal);
  }

  static Inet6Address v6(String literal) {
    return (Inet6Address) ip(literal);
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
