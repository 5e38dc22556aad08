package io.ironlb.speaker.l2;

import static io.ironlb.speaker.l2.TestFrames.CLIENT6;
import static io.ironlb.speaker.l2.TestFrames.CLIENT_MAC;
import static io.ironlb.speaker.l2.TestFrames.ETH0_MAC;
import static io.ironlb.speaker.l2.TestFrames.ETH1_MAC;
import static io.ironlb.speaker.l2.TestFrames.OTHER_MAC;
import static io.ironlb.speaker.l2.TestFrames.UNOWNED6;
import static io.ironlb.speaker.l2.TestFrames.VIP4;
import static io.ironlb.speaker.l2.TestFrames.VIP6;
import static io.ironlb.speaker.l2.TestFrames.ns;
import static io.ironlb.speaker.l2.TestFrames.v6;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.l2.wire.EthernetCodec;
import io.ironlb.speaker.l2.wire.EthernetHeader;
import io.ironlb.speaker.l2.wire.Ipv6Header;
import io.ironlb.speaker.l2.wire.MacAddress;
import io.ironlb.speaker.l2.wire.NdpCodec;
import io.ironlb.speaker.l2.wire.NeighborAdvertisement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NdpResponderTest {

  private final L2Fixture f = L2Fixture.owning(VIP4, VIP6);

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void solicitationToTheSolicitedNodeGroupGetsSolicitedAdvertisement() throws Exception {
    f.client0.send(ns(VIP6)); // reaches eth0 only because it joined ff02::1:ff00:10

    assertThat(f.client0.received()).hasSize(1);
    byte[] reply = f.client0.received().get(0);
    EthernetHeader eth = EthernetCodec.decode(reply, reply.length);
    assertThat(eth.destination()).isEqualTo(CLIENT_MAC);
    assertThat(eth.source()).isEqualTo(ETH0_MAC);
    assertThat(eth.etherType()).isEqualTo(EthernetCodec.ETHERTYPE_IPV6);
    Ipv6Header ip = NdpCodec.decodeIpv6(reply, reply.length, eth);
    assertThat(ip.source()).as("sourced from the VIP, as Linux answers").isEqualTo(VIP6);
    assertThat(ip.destination()).isEqualTo(CLIENT6);
    assertThat(ip.hopLimit()).isEqualTo(255);
    assertThat(ip.nextHeader()).isEqualTo(58);
    assertThat(ip.payloadLength()).isEqualTo(32);
    assertThat(NdpCodec.decode(reply, ip)) // decoding also verifies the checksum
        .isEqualTo(new NeighborAdvertisement(false, true, true, VIP6, Optional.of(ETH0_MAC)));
    String icmp = HexFormat.of().formatHex(reply, 54, reply.length);
    assertThat(icmp.substring(0, 4)).isEqualTo("8800"); // type 136, code 0
    assertThat(icmp.substring(8, 16)).isEqualTo("60000000"); // R=0 S=1 O=1
    assertThat(icmp.substring(48)).isEqualTo("0201" + "020000000001"); // TLLA option
    assertThat(f.metrics.requests).isEqualTo(Map.of(VIP6, 1));
    assertThat(f.metrics.responses).isEqualTo(Map.of(VIP6, 1));
  }

  @Test
  void unicastSolicitationToOurMacIsAnswered() throws Exception {
    f.client0.send(ns(ETH0_MAC, CLIENT6, VIP6, 255, VIP6, Optional.of(CLIENT_MAC)));

    assertThat(f.client0.received()).hasSize(1);
  }

  @Test
  void solicitationUnicastToAnotherHostIsIgnored() {
    f.node("eth0").inject(ns(OTHER_MAC, CLIENT6, VIP6, 255, VIP6, Optional.of(CLIENT_MAC)));

    assertThat(f.node("eth0").sent()).isEmpty();
  }

  @Test
  void solicitationForUnownedIpIsIgnoredAndNotCounted() {
    f.node("eth0").inject(ns(UNOWNED6));

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.requests).isEmpty();
  }

  @Test
  void ipOwnedOnAnotherInterfaceOnlyIsAnsweredThereOnly() throws Exception {
    f.announcer.setAnnouncements(Map.of("eth1", Set.of(VIP6)));
    f.clearRecords();

    f.node("eth0").inject(ns(VIP6));
    f.client1.send(ns(VIP6));

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.client1.received()).hasSize(1);
    assertThat(EthernetCodec.decode(f.client1.received().get(0), 60).source()).isEqualTo(ETH1_MAC);
  }

  @Test
  void solicitationWithoutSourceLinkLayerAddressIsIgnored() {
    f.node("eth0").inject(ns(ETH0_MAC, CLIENT6, VIP6, 255, VIP6, Optional.empty()));

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.malformed).isEmpty();
  }

  @Test
  void duplicateAddressDetectionProbeFromUnspecifiedIsIgnored() {
    var group = SolicitedNodeGroups.groupOf(VIP6);
    f.node("eth0")
        .inject(
            ns(MacAddress.ofIpv6Multicast(group), v6("::"), group, 255, VIP6, Optional.empty()));

    assertThat(f.node("eth0").sent()).isEmpty();
  }

  @Test
  void hopLimitOtherThan255IsIgnored() {
    var group = SolicitedNodeGroups.groupOf(VIP6);
    f.node("eth0")
        .inject(
            ns(
                MacAddress.ofIpv6Multicast(group),
                CLIENT6,
                group,
                64,
                VIP6,
                Optional.of(CLIENT_MAC)));

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.malformed).isEmpty();
  }

  @Test
  void badChecksumIsCountedMalformed() {
    byte[] frame = ns(VIP6);
    frame[frame.length - 1] ^= 0x01; // flips a bit of the SLLA: checksum no longer matches

    f.node("eth0").inject(frame);

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.malformed).isEqualTo(Map.of("eth0", 1));
  }

  @Test
  void advertisementsAreNotAnswered() {
    byte[] na =
        NdpCodec.encode(
            MacAddress.parse("33:33:00:00:00:01"),
            CLIENT_MAC,
            v6("fe80::aa"),
            v6("ff02::1"),
            255,
            new NeighborAdvertisement(false, false, true, VIP6, Optional.of(CLIENT_MAC)));

    f.node("eth0").inject(na);

    assertThat(f.node("eth0").sent()).isEmpty();
  }

  @Test
  void framesFromOurOwnMacAreIgnored() {
    byte[] looped = ns(VIP6);
    System.arraycopy(ETH0_MAC.bytes(), 0, looped, 6, 6);

    f.node("eth0").inject(looped);

    assertThat(f.node("eth0").sent()).isEmpty();
  }

  @Test
  void vlanTaggedSolicitationIsIgnored() {
    f.node("eth0").inject(TestFrames.vlanTagged(ns(VIP6), 100));

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.malformed).isEmpty();
  }

  @Test
  void paddedSolicitationIsAnswered() throws Exception {
    f.client0.send(Arrays.copyOf(ns(VIP6), 100)); // bytes after the IPv6 payload are ignored

    assertThat(f.client0.received()).hasSize(1);
  }

  @Test
  void everyTruncationOfASolicitationIsCountedMalformedAndNotAnswered() {
    byte[] frame = ns(VIP6);

    for (int length = 0; length < frame.length; length++) {
      f.node("eth0").inject(Arrays.copyOf(frame, length));
    }

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.metrics.malformed).isEqualTo(Map.of("eth0", frame.length));
  }

  @Test
  void optionWithZeroLengthIsMalformed() {
    byte[] frame = ns(VIP6);
    frame[frame.length - 7] = 0; // SLLA length field

    f.node("eth0").inject(frame);

    assertThat(f.metrics.malformed).isEqualTo(Map.of("eth0", 1));
  }

  @Test
  void interfaceWithoutLinkLocalRunsNoNdpResponder() throws Exception {
    InterfaceInfo noLinkLocal =
        new InterfaceInfo("eth0", 2, ETH0_MAC.bytes(), Optional.empty(), true, false);
    f.announcer.setInterfaces(List.of(noLinkLocal));
    f.clearRecords();

    f.node("eth0").inject(ns(VIP6));

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.node("eth0").joinedGroups()).isEmpty();
  }

  @Test
  void randomGarbageNeverProducesAReply() {
    Random random = new Random(4861);
    byte[] template = ns(VIP6);
    for (int i = 0; i < 20_000; i++) {
      byte[] frame = template.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
      }
      f.node("eth0").inject(Arrays.copyOf(frame, 14 + random.nextInt(frame.length - 13)));
    }

    assertThat(f.node("eth0").sent())
        .allSatisfy(reply -> assertThat(naTarget(reply)).isEqualTo(VIP6));
  }

  private static Object naTarget(byte[] reply) throws Exception {
    EthernetHeader eth = EthernetCodec.decode(reply, reply.length);
    return NdpCodec.decode(reply, NdpCodec.decodeIpv6(reply, reply.length, eth)).target();
  }
}
