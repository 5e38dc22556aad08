package io.ironlb.speaker.l2;

import io.ironlb.speaker.l2.wire.ArpCodec;
import io.ironlb.speaker.l2.wire.ArpPacket;
import io.ironlb.speaker.l2.wire.MacAddress;
import io.ironlb.speaker.l2.wire.NdpCodec;
import io.ironlb.speaker.l2.wire.NeighborAdvertisement;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** The frames of one gratuitous burst for one IP on one interface (METALLB-API §4.4). */
final class GratuitousFrames {

  /** ff02::1, all nodes on the link (RFC 4291 §2.7.1). */
  static final Inet6Address ALL_NODES = ipv6("ff02::1");

  private GratuitousFrames() {}

  /** Empty when the interface cannot carry the IP's family (no broadcast, no link-local). */
  static List<byte[]> of(InterfaceInfo info, InetAddress ip) {
    if (ip instanceof Inet4Address v4) {
      return info.arpCapable() ? arp(info.macAddress(), v4) : List.of();
    }
    return info.ndpCapable()
        ? List.of(unsolicitedAdvertisement(info, (Inet6Address) ip))
        : List.of();
  }

  /**
   * Two broadcast frames, an ARP request and an ARP reply, both with sender IP = target IP = the
   * VIP and sender MAC = ours (RFC 5227 §3 "ARP Announcement", RFC 5944 §4.6 gratuitous ARP):
   * caches of hosts that accept only one of the two forms are updated. The target MAC is the
   * broadcast address in both, as MetalLB and Habets' {@code arping -U} send it; RFC 5227 says
   * receivers ignore that field.
   */
  static List<byte[]> arp(MacAddress mac, Inet4Address ip) {
    return List.of(arpFrame(ArpPacket.REQUEST, mac, ip), arpFrame(ArpPacket.REPLY, mac, ip));
  }

  /**
   * RFC 4861 §7.2.6: an unsolicited Neighbor Advertisement to all nodes, S=0, O=1 so receivers
   * replace the cached link-layer address, with the Target Link-Layer Address option; hop limit 255
   * and sourced from the link-local address (RFC 4861 §7.1.2 receivers check both).
   */
  static byte[] unsolicitedAdvertisement(InterfaceInfo info, Inet6Address ip) {
    MacAddress mac = info.macAddress();
    NeighborAdvertisement na = new NeighborAdvertisement(false, false, true, ip, Optional.of(mac));
    return NdpCodec.encode(
        MacAddress.ofIpv6Multicast(ALL_NODES),
        mac,
        info.linkLocal().orElseThrow(),
        ALL_NODES,
        NdpCodec.ND_HOP_LIMIT,
        na);
  }

  private static byte[] arpFrame(int operation, MacAddress mac, Inet4Address ip) {
    ArpPacket arp = new ArpPacket(operation, mac, ip, MacAddress.BROADCAST, ip);
    return ArpCodec.encode(MacAddress.BROADCAST, mac, arp);
  }

  private static Inet6Address ipv6(String literal) {
    try {
      return (Inet6Address) InetAddress.getByName(literal); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
