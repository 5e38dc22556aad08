package io.ironlb.speaker.l2;

import io.ironlb.speaker.l2.wire.ArpCodec;
import io.ironlb.speaker.l2.wire.ArpPacket;
import io.ironlb.speaker.l2.wire.EthernetHeader;
import io.ironlb.speaker.l2.wire.MacAddress;
import io.ironlb.speaker.l2.wire.MalformedFrameException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers ARP requests for the IPv4 addresses owned on one interface (METALLB-API §4.5): the reply
 * maps the requested IP to this interface's MAC and goes unicast to the requester.
 */
final class ArpResponder {

  private static final Logger LOG = LoggerFactory.getLogger(ArpResponder.class);

  private final InterfaceInfo info;
  private final MacAddress mac;
  private final PacketTransport out;
  private final Supplier<Set<InetAddress>> owned;
  private final L2Metrics metrics;

  ArpResponder(
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
    ArpPacket request = ArpCodec.decode(frame, length, eth);
    if (request.operation() != ArpPacket.REQUEST) {
      return; // replies (ours or anyone's) are never answered (RFC 826: only requests are)
    }
    if (!eth.destination().isBroadcast() && !eth.destination().equals(mac)) {
      return; // addressed to another host (seen through a hub, a mirror port or a flood)
    }
    if (!owned.get().contains(request.targetIp())) {
      LOG.trace("{}: ARP who-has {} not owned here", info.name(), request.targetIp());
      return;
    }
    if (request.senderMac().isMulticast()) {
      LOG.debug("{}: ARP request from multicast sender {}", info.name(), request.senderMac());
      return; // RFC 1812 §3.3.2: a multicast/broadcast hardware address is never an ARP answer
    }
    metrics.requestReceived(request.targetIp());
    out.send(reply(request));
    metrics.responseSent(request.targetIp());
    LOG.debug(
        "{}: ARP {} is-at {} -> {}", info.name(), request.targetIp(), mac, request.senderMac());
  }

  /**
   * RFC 826 "Packet Reception": swap sender and target, put our hardware address in the sender
   * field, set the opcode to reply and send it to the requester's hardware address. An RFC 5227
   * probe (sender IP 0.0.0.0) gets the same answer, which is how an owner defends its address.
   */
  private byte[] reply(ArpPacket request) {
    ArpPacket reply =
        new ArpPacket(
            ArpPacket.REPLY, mac, request.targetIp(), request.senderMac(), request.senderIp());
    return ArpCodec.encode(request.senderMac(), mac, reply);
  }
}
