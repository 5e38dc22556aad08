package io.ironlb.speaker.l2;

import static io.ironlb.speaker.l2.TestFrames.CLIENT4;
import static io.ironlb.speaker.l2.TestFrames.CLIENT_MAC;
import static io.ironlb.speaker.l2.TestFrames.ETH0_MAC;
import static io.ironlb.speaker.l2.TestFrames.ETH1_MAC;
import static io.ironlb.speaker.l2.TestFrames.OTHER_MAC;
import static io.ironlb.speaker.l2.TestFrames.UNOWNED4;
import static io.ironlb.speaker.l2.TestFrames.VIP4;
import static io.ironlb.speaker.l2.TestFrames.VIP4_B;
import static io.ironlb.speaker.l2.TestFrames.arp;
import static io.ironlb.speaker.l2.TestFrames.arpRequest;
import static io.ironlb.speaker.l2.TestFrames.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.l2.wire.ArpCodec;
import io.ironlb.speaker.l2.wire.ArpPacket;
import io.ironlb.speaker.l2.wire.EthernetCodec;
import io.ironlb.speaker.l2.wire.EthernetHeader;
import io.ironlb.speaker.l2.wire.MacAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArpResponderTest {

  private final L2Fixture f = L2Fixture.owning(VIP4, TestFrames.VIP6);

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void broadcastRequestForOwnedIpGetsUnicastReplyWithInterfaceMac() throws Exception {
    f.client0.send(arpRequest(MacAddress.BROADCAST, VIP4));

    assertThat(f.client0.received()).hasSize(1);
    byte[] reply = f.client0.received().get(0);
    EthernetHeader eth = EthernetCodec.decode(reply, reply.length);
    assertThat(eth.destination()).isEqualTo(CLIENT_MAC); // unicast to the requester
    assertThat(eth.source()).isEqualTo(ETH0_MAC);
    assertThat(eth.etherType()).isEqualTo(EthernetCodec.ETHERTYPE_ARP);
    ArpPacket arp = ArpCodec.decode(reply, reply.length, eth);
    assertThat(arp.operation()).isEqualTo(ArpPacket.REPLY);
    assertThat(arp.senderMac()).isEqualTo(ETH0_MAC);
    assertThat(arp.senderIp()).isEqualTo(VIP4);
    assertThat(arp.targetMac()).isEqualTo(CLIENT_MAC);
    assertThat(arp.targetIp()).isEqualTo(CLIENT4);
    assertThat(HexFormat.of().formatHex(reply))
        .isEqualTo(
            "0200000000aa"
                + "020000000001"
                + "0806" // Ethernet: dst, src, type
                + "0001"
                + "0800"
                + "06"
                + "04"
                + "0002" // hrd, pro, hln, pln, op = reply
                + "020000000001"
                + "c000020a" // sha = eth0, spa = VIP
                + "0200000000aa"
                + "c0000264"); // tha = client, tpa = client
    assertThat(f.metrics.requests).isEqualTo(Map.of(VIP4, 1));
    assertThat(f.metrics.responses).isEqualTo(Map.of(VIP4, 1));
  }

  @Test
  void requestUnicastToOurMacIsAnswered() throws Exception {
    f.client0.send(arpRequest(ETH0_MAC, VIP4));

    assertThat(f.client0.received()).hasSize(1);
  }

  @Test
  void requestAddressedToAnotherHostsMacIsIgnored() {
    f.node("eth0").inject(arpRequest(OTHER_MAC, VIP4)); // e.g. seen through a flooding switch

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.requests).isEmpty();
  }

  @Test
  void requestForUnownedIpIsIgnoredAndNotCounted() throws Exception {
    f.client0.send(arpRequest(MacAddress.BROADCAST, UNOWNED4));

    assertThat(f.client0.received()).isEmpty();
    assertThat(f.metrics.requests).isEmpty();
    assertThat(f.metrics.responses).isEmpty();
  }

  @Test
  void ipOwnedOnAnotherInterfaceOnlyIsAnsweredThereOnly() throws Exception {
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4), "eth1", Set.of(VIP4_B)));
    f.clearRecords();

    f.client0.send(arpRequest(MacAddress.BROADCAST, VIP4_B));
    f.client1.send(arpRequest(MacAddress.BROADCAST, VIP4_B));

    assertThat(f.client0.received()).isEmpty();
    assertThat(f.client1.received()).hasSize(1);
    byte[] reply = f.client1.received().get(0);
    ArpPacket arp = ArpCodec.decode(reply, reply.length, EthernetCodec.decode(reply, reply.length));
    assertThat(arp.senderMac()).isEqualTo(ETH1_MAC);
  }

  @Test
  void repliesAreNeverAnswered() throws Exception {
    f.client0.send(arp(MacAddress.BROADCAST, ArpPacket.REPLY, CLIENT_MAC, CLIENT4, ETH0_MAC, VIP4));
    f.client0.send(arp(MacAddress.BROADCAST, ArpPacket.REPLY, CLIENT_MAC, VIP4, ETH0_MAC, VIP4));

    assertThat(f.client0.received()).isEmpty();
    assertThat(f.metrics.malformed).isEmpty();
  }

  @Test
  void framesFromOurOwnMacAreIgnored() {
    byte[] looped = arpRequest(MacAddress.BROADCAST, VIP4);
    System.arraycopy(ETH0_MAC.bytes(), 0, looped, 6, 6); // Ethernet source = our MAC

    f.node("eth0").inject(looped);

    assertThat(f.node("eth0").sent()).isEmpty();
  }

  @Test
  void vlanTaggedRequestIsIgnoredWithoutCountingItMalformed() {
    f.node("eth0").inject(TestFrames.vlanTagged(arpRequest(MacAddress.BROADCAST, VIP4), 100));

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.malformed).isEmpty();
  }

  @Test
  void paddedRequestIsAnswered() throws Exception {
    f.client0.send(Arrays.copyOf(arpRequest(MacAddress.BROADCAST, VIP4), 60));

    assertThat(f.client0.received()).hasSize(1);
  }

  @Test
  void rfc5227ProbeFromUnspecifiedSenderIsAnsweredToDefendTheAddress() throws Exception {
    f.client0.send(
        arp(
            MacAddress.BROADCAST,
            ArpPacket.REQUEST,
            CLIENT_MAC,
            v4("0.0.0.0"),
            MacAddress.ZERO,
            VIP4));

    byte[] reply = f.client0.received().get(0);
    ArpPacket arp = ArpCodec.decode(reply, reply.length, EthernetCodec.decode(reply, reply.length));
    assertThat(arp.senderIp()).isEqualTo(VIP4);
    assertThat(arp.targetIp()).isEqualTo(v4("0.0.0.0"));
    assertThat(arp.targetMac()).isEqualTo(CLIENT_MAC);
  }

  @Test
  void requestClaimingMulticastSenderMacIsNotAnswered() {
    f.node("eth0")
        .inject(
            arp(
                MacAddress.BROADCAST,
                ArpPacket.REQUEST,
                MacAddress.BROADCAST,
                CLIENT4,
                MacAddress.ZERO,
                VIP4));

    assertThat(f.node("eth0").sent()).isEmpty();
  }

  @Test
  void withdrawnIpIsNotAnsweredAnyMore() throws Exception {
    f.announcer.setAnnouncements(Map.of());

    f.client0.send(arpRequest(MacAddress.BROADCAST, VIP4));

    assertThat(f.client0.received()).isEmpty();
  }

  @Test
  void everyTruncationOfARequestIsCountedMalformedAndNotAnswered() {
    byte[] request = arpRequest(MacAddress.BROADCAST, VIP4);

    for (int length = 0; length < request.length; length++) {
      f.node("eth0").inject(Arrays.copyOf(request, length));
    }

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.malformed).isEqualTo(Map.of("eth0", request.length));
  }

  @Test
  void arpForAnotherHardwareTypeIsMalformed() {
    byte[] request = arpRequest(MacAddress.BROADCAST, VIP4);
    request[15] = 6; // hrd = IEEE 802

    f.node("eth0").inject(request);

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.malformed).isEqualTo(Map.of("eth0", 1));
  }

  @Test
  void randomGarbageNeverProducesAReplyOrAnEscapingException() {
    Random random = new Random(826);
    for (int i = 0; i < 20_000; i++) {
      byte[] garbage = new byte[random.nextInt(80)];
      random.nextBytes(garbage);
      if (i % 2 == 0 && garbage.length > 14) {
        garbage[12] = 0x08; // half of them claim to be ARP
        garbage[13] = 0x06;
      }
      f.node("eth0").inject(garbage);
    }

    assertThat(f.node("eth0").sent()).isEmpty();
  }
}
