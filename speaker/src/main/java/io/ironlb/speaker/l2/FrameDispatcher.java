package io.ironlb.speaker.l2;

import io.ironlb.speaker.l2.wire.EthernetCodec;
import io.ironlb.speaker.l2.wire.EthernetHeader;
import io.ironlb.speaker.l2.wire.MalformedFrameException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive path of one interface: decodes the Ethernet header once and hands ARP to the {@link
 * ArpResponder} and IPv6 to the {@link NdpResponder}. Lock-free: the owned IPs are read from an
 * immutable snapshot. A malformed frame is counted and dropped; nothing a frame contains can make
 * this throw.
 */
final class FrameDispatcher implements FrameHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FrameDispatcher.class);

  private final InterfaceInfo info;
  private final L2Metrics metrics;
  private final ArpResponder arp;
  private final NdpResponder ndp;

  FrameDispatcher(
      InterfaceInfo info,
      PacketTransport out,
      Supplier<Set<InetAddress>> owned,
      L2Metrics metrics) {
    this.info = info;
    this.metrics = metrics;
    this.arp = new ArpResponder(info, out, owned, metrics);
    this.ndp = new NdpResponder(info, out, owned, metrics);
  }

  @Override
  public void onFrame(byte[] frame, int length) {
    try {
      dispatch(frame, length);
    } catch (MalformedFrameException e) {
      metrics.malformedFrame(info.name());
      LOG.debug("{}: dropped malformed frame: {}", info.name(), e.getMessage());
    } catch (IOException e) {
      LOG.debug("{}: reply not sent: {}", info.name(), e.toString());
    }
  }

  private void dispatch(byte[] frame, int length) throws MalformedFrameException, IOException {
    EthernetHeader eth = EthernetCodec.decode(frame, length);
    if (eth.source().equals(info.macAddress())) {
      return; // our own frame looped back by the capture (or a MAC clash): never answer it
    }
    if (eth.vlanTags() > 0) {
      // a tagged frame belongs to the VLAN sub-interface (eth0.100), which is scanned and
      // answered on its own; answering here untagged would reply on the wrong VLAN
      LOG.trace("{}: ignored VLAN-tagged frame", info.name());
      return;
    }
    if (eth.etherType() == EthernetCodec.ETHERTYPE_ARP && info.arpCapable()) {
      arp.handle(frame, length, eth);
    } else if (eth.etherType() == EthernetCodec.ETHERTYPE_IPV6 && info.ndpCapable()) {
      ndp.handle(frame, length, eth);
    }
  }
}
