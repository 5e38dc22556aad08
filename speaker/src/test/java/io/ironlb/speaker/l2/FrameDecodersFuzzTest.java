package io.ironlb.speaker.l2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ironlb.speaker.l2.wire.ArpCodec;
import io.ironlb.speaker.l2.wire.ArpPacket;
import io.ironlb.speaker.l2.wire.EthernetCodec;
import io.ironlb.speaker.l2.wire.EthernetHeader;
import io.ironlb.speaker.l2.wire.Ipv6Header;
import io.ironlb.speaker.l2.wire.MalformedFrameException;
import io.ironlb.speaker.l2.wire.NdpCodec;
import io.ironlb.speaker.l2.wire.NdpMessage;
import io.ironlb.speaker.l2.wire.NeighborAdvertisement;
import java.net.InetAddress;
import java.util.Set;

/**
 * Jazzer targets for everything that reads bytes from the wire. Under plain {@code mvn test} they
 * replay the seeds in {@code FrameDecodersFuzzTestInputs/<method>/}; with {@code JAZZER_FUZZ=1}
 * they fuzz (docs/layer2-dataplane.md has the command). Only {@link MalformedFrameException} may
 * come out of a decoder, nothing may come out of the receive path, and every reply must be for an
 * owned IP.
 */
class FrameDecodersFuzzTest {

  private static final Set<InetAddress> OWNED = Set.of(TestFrames.VIP4, TestFrames.VIP6);

  @FuzzTest(maxDuration = "60s")
  void decoders(byte[] frame) {
    try {
      EthernetHeader eth = EthernetCodec.decode(frame, frame.length);
      decodeArp(frame, eth);
      decodeNdp(frame, eth);
    } catch (MalformedFrameException expected) {
      // the only exception a decoder may throw
    }
  }

  @FuzzTest(maxDuration = "60s")
  void responders(byte[] frame) throws Exception {
    InMemorySegment lan = new InMemorySegment();
    InMemoryPacketTransport node = lan.attach(TestFrames.ETH0);
    node.start(new FrameDispatcher(TestFrames.ETH0, node, () -> OWNED, L2Metrics.NONE));

    node.inject(frame);

    for (byte[] reply : node.sent()) {
      assertThat(OWNED).contains(claimedIp(reply));
    }
  }

  private static void decodeArp(byte[] frame, EthernetHeader eth) {
    try {
      ArpCodec.decode(frame, frame.length, eth);
    } catch (MalformedFrameException expected) {
      // also for non-ARP EtherTypes
    }
  }

  private static void decodeNdp(byte[] frame, EthernetHeader eth) throws MalformedFrameException {
    Ipv6Header ip = NdpCodec.decodeIpv6(frame, frame.length, eth);
    NdpMessage message = NdpCodec.decode(frame, ip);
    assertThat(message.target()).isNotNull();
  }

  /** The IP a reply maps to our MAC: ARP sender IP, or NA target. */
  private static InetAddress claimedIp(byte[] reply) throws MalformedFrameException {
    EthernetHeader eth = EthernetCodec.decode(reply, reply.length);
    if (eth.etherType() == EthernetCodec.ETHERTYPE_ARP) {
      ArpPacket arp = ArpCodec.decode(reply, reply.length, eth);
      assertThat(arp.operation()).isEqualTo(ArpPacket.REPLY);
      return arp.senderIp();
    }
    NdpMessage na = NdpCodec.decode(reply, NdpCodec.decodeIpv6(reply, reply.length, eth));
    assertThat(na).isInstanceOf(NeighborAdvertisement.class);
    return na.target();
  }
}
