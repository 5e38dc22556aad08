package io.ironlb.speaker.l2;

import io.ironlb.speaker.l2.wire.EthernetHeader;
import io.ironlb.speaker.l2.wire.Ipv6Header;
import io.ironlb.speaker.l2.wire.MacAddress;
import io.ironlb.speaker.l2.wire.MalformedFrameException;
import io.ironlb.speaker.l2.wire.NdpCodec;
import io.ironlb.speaker.l2.wire.NdpMessage;
import io.ironlb.speaker.l2.wire.NeighborAdvertisement;
import io.ironlb.speaker.l2.wire.NeighborSolicitation;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers Neighbor Solicitations for the IPv6 addresses owned on one interface (METALLB-API §4.5)
 * with a solicited Neighbor Advertisement sourced from the solicited address itself, as the Linux
 * kernel answers for its own addresses.
 */
final class NdpResponder {

  private static final Logger LOG = LoggerFactory.getLogger(NdpResponder.class);

  private final InterfaceInfo info;
  private final MacAddress mac;
  private final PacketTransport out;
  private final Supplier<Set<InetAddress>> owned;
  private final L2Metrics metrics;

  NdpResponder(
      InterfaceInfo info,
      PacketTransport out,
      Supplier<Set<InetAddress>> owned,
      L2Metrics metrics) {
    this.info = info;
    this.mac = info.macAddress();
    this.out = out;
    this.owned = owned;
    this.metrics = metrics;
  }

  void handle(byte[] frame, int length, EthernetHeader eth)
      throws MalformedFrameException, IOException {
    if (!eth.destination().isMulticast() && !eth.destination().equals(mac)) {
      return; // unicast to another host
    }
    Ipv6Header ip = NdpCodec.decodeIpv6(frame, length, eth);
    if (ip.nextHeader() != NdpCodec.NEXT_HEADER_ICMPV6
        || NdpCodec.icmpv6Type(frame, ip) != NdpMessage.TYPE_NEIGHBOR_SOLICITATION) {
      return; // only solicitations are answered
    }
    NeighborSolicitation ns = (NeighborSolicitation) NdpCodec.decode(frame, ip);
    if (ip.hopLimit() != NdpCodec.ND_HOP_LIMIT) {
      LOG.debug("{}: NS with hop limit {} dropped", info.name(), ip.hopLimit());
      return; // RFC 4861 §7.1.1: it crossed a router, so it is not from this link
    }
    if (!owned.get().contains(ns.target())) {
      LOG.trace("{}: NS for {} not owned here", info.name(), ns.target());
      return;
    }
    if (ip.source().isAnyLocalAddress()
        || ip.source().isMulticastAddress()
        || ns.sourceLinkLayer().isEmpty()
        || ns.sourceLinkLayer().get().isMulticast()) {
      // RFC 4861 §7.2.3/RFC 4862 §5.4.3: a DAD probe from :: has no SLLA and is not answered
      // here; without an SLLA we have no MAC to answer to (MetalLB answers only with one)
      LOG.debug("{}: NS for {} without source link-layer address", info.name(), ns.target());
      return;
    }
    metrics.requestReceived(ns.target());
    out.send(reply(ip, ns));
    metrics.responseSent(ns.target());
    LOG.debug("{}: NA {} is-at {} -> {}", info.name(), ns.target(), mac, ip.source());
  }

  /**
   * RFC 4861 §7.2.4: a solicited advertisement (S=1) to the solicitor's source address, with the
   * Target Link-Layer Address option. IronLB differs from MetalLB (link-local source, O=0) in two
   * ways: the source is the VIP itself, as Linux answers for its own addresses (tools such as
   * ndisc6 only accept an answer from the address they asked about); and O=1, because the VIP moves
   * between nodes: a client re-probing a STALE entry that still holds the previous owner's MAC must
   * take the new one (RFC 4861 §7.2.5: with O=0 a different address is not installed).
   */
  private byte[] reply(Ipv6Header ip, NeighborSolicitation ns) {
    NeighborAdvertisement na =
        new NeighborAdvertisement(false, true, true, ns.target(), Optional.of(mac));
    return NdpCodec.encode(
        ns.sourceLinkLayer().orElseThrow(),
        mac,
        ns.target(),
        ip.source(),
        NdpCodec.ND_HOP_LIMIT,
        na);
  }
}
