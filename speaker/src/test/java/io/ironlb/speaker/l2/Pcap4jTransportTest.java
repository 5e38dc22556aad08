package io.ironlb.speaker.l2;

import static io.ironlb.speaker.l2.TestFrames.CLIENT_MAC;
import static io.ironlb.speaker.l2.TestFrames.ETH0_MAC;
import static io.ironlb.speaker.l2.TestFrames.VIP4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ironlb.speaker.l2.wire.ArpCodec;
import io.ironlb.speaker.l2.wire.ArpPacket;
import io.ironlb.speaker.l2.wire.EthernetCodec;
import io.ironlb.speaker.l2.wire.EthernetHeader;
import io.ironlb.speaker.l2.wire.MacAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Real libpcap on {@code lo}: needs CAP_NET_RAW and libpcap0.8, so it runs only when asked for
 * ({@code -Dironlb.l2.rawSockets=true}), never in the plain unit-test run. Two handles on lo: one
 * plays the client, one the node; lo loops every sent frame back as received.
 */
@EnabledIfSystemProperty(named = "ironlb.l2.rawSockets", matches = "true")
class Pcap4jTransportTest {

  private static final InterfaceInfo NODE_ON_LO =
      new InterfaceInfo("lo", 1, ETH0_MAC.bytes(), Optional.empty(), true, false);
  private static final InterfaceInfo CLIENT_ON_LO =
      new InterfaceInfo("lo", 1, CLIENT_MAC.bytes(), Optional.empty(), true, false);

  @Test
  void answersAnArpRequestThroughLibpcap() throws Exception {
    List<byte[]> seen = new CopyOnWriteArrayList<>();
    try (PacketTransport node = Pcap4jTransport.factory().open(NODE_ON_LO);
        PacketTransport client = Pcap4jTransport.factory().open(CLIENT_ON_LO)) {
      node.start(new FrameDispatcher(NODE_ON_LO, node, () -> Set.of(VIP4), L2Metrics.NONE));
      client.start((frame, length) -> seen.add(frame));

      client.send(TestFrames.arpRequest(MacAddress.BROADCAST, VIP4));

      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(seen).anySatisfy(Pcap4jTransportTest::isReplyForVip));
    }
  }

  private static void isReplyForVip(byte[] frame) throws Exception {
    EthernetHeader eth = EthernetCodec.decode(frame, frame.length);
    ArpPacket arp = ArpCodec.decode(frame, frame.length, eth);
    assertThat(eth.destination()).isEqualTo(CLIENT_MAC);
    assertThat(arp)
        .isEqualTo(new ArpPacket(ArpPacket.REPLY, ETH0_MAC, VIP4, CLIENT_MAC, TestFrames.CLIENT4));
  }
}
