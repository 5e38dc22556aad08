package io.ironlb.speaker.l2;

import static io.ironlb.speaker.l2.TestFrames.ETH0;
import static io.ironlb.speaker.l2.TestFrames.ETH0_LL;
import static io.ironlb.speaker.l2.TestFrames.ETH0_MAC;
import static io.ironlb.speaker.l2.TestFrames.VIP4;
import static io.ironlb.speaker.l2.TestFrames.VIP6;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.l2.wire.ArpCodec;
import io.ironlb.speaker.l2.wire.ArpPacket;
import io.ironlb.speaker.l2.wire.EthernetCodec;
import io.ironlb.speaker.l2.wire.EthernetHeader;
import io.ironlb.speaker.l2.wire.Ipv6Header;
import io.ironlb.speaker.l2.wire.MacAddress;
import io.ironlb.speaker.l2.wire.NdpCodec;
import io.ironlb.speaker.l2.wire.NeighborAdvertisement;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GratuitousAnnouncerTest {

  private final FakeScheduler scheduler = new FakeScheduler();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final InMemorySegment lan = new InMemorySegment();
  private final InMemoryPacketTransport node = lan.attach(ETH0);
  private final Set<InetAddress> owned = new HashSet<>(Set.of(VIP4, VIP6));
  private final GratuitousAnnouncer announcer = announcer(L2Fixture.SCHEDULE);

  private GratuitousAnnouncer announcer(GratuitousSchedule schedule) {
    return new GratuitousAnnouncer(
        scheduler, scheduler::nanoTime, schedule, metrics, (iface, ip) -> owned.contains(ip));
  }

  private static GratuitousAnnouncer.Key key(InetAddress ip) {
    return new GratuitousAnnouncer.Key("eth0", ip);
  }

  /** Frames sent during the next {@code millis}, advancing 1 ms at a time. */
  private int sentOver(long millis) {
    int before = node.sent().size();
    scheduler.advance(Duration.ofMillis(millis));
    return node.sent().size() - before;
  }

  @Test
  void ipv4BurstIsAnArpRequestAndAnArpReplyBothBroadcast() throws Exception {
    announcer.start(key(VIP4), ETH0, node);

    List<byte[]> frames = node.sent();
    assertThat(frames).hasSize(2);
    for (int i = 0; i < 2; i++) {
      byte[] frame = frames.get(i);
      EthernetHeader eth = EthernetCodec.decode(frame, frame.length);
      assertThat(eth.destination()).isEqualTo(MacAddress.BROADCAST);
      assertThat(eth.source()).isEqualTo(ETH0_MAC);
      ArpPacket arp = ArpCodec.decode(frame, frame.length, eth);
      int op = i == 0 ? ArpPacket.REQUEST : ArpPacket.REPLY;
      assertThat(arp).isEqualTo(new ArpPacket(op, ETH0_MAC, VIP4, MacAddress.BROADCAST, VIP4));
    }
    assertThat(metrics.gratuitousFor(VIP4)).isEqualTo(2);
  }

  @Test
  void ipv6BurstIsOneUnsolicitedOverridingAdvertisementToAllNodes() throws Exception {
    announcer.start(key(VIP6), ETH0, node);

    byte[] frame = node.sent().get(0);
    EthernetHeader eth = EthernetCodec.decode(frame, frame.length);
    assertThat(eth.destination()).isEqualTo(MacAddress.parse("33:33:00:00:00:01"));
    assertThat(eth.source()).isEqualTo(ETH0_MAC);
    Ipv6Header ip = NdpCodec.decodeIpv6(frame, frame.length, eth);
    assertThat(ip.source()).isEqualTo(ETH0_LL);
    assertThat(ip.destination()).isEqualTo(TestFrames.v6("ff02::1"));
    assertThat(ip.hopLimit()).isEqualTo(255);
    assertThat(NdpCodec.decode(frame, ip))
        .isEqualTo(new NeighborAdvertisement(false, false, true, VIP6, Optional.of(ETH0_MAC)));
    assertThat(node.sent()).hasSize(1);
    assertThat(metrics.gratuitousFor(VIP6)).isEqualTo(1);
  }

  @Test
  void burstRepeatsEvery1100MillisFor5SecondsThenRefreshes() {
    announcer.start(key(VIP4), ETH0, node);
    assertThat(node.sent()).hasSize(2); // t = 0

    assertThat(sentOver(1099)).isZero();
    assertThat(sentOver(1)).isEqualTo(2); // t = 1.1 s
    assertThat(sentOver(1100 * 3)).isEqualTo(6); // t = 2.2, 3.3, 4.4 s
    assertThat(sentOver(60_000 - 1)).isZero(); // 5.5 s is past the 5 s window
    assertThat(sentOver(1)).isEqualTo(2); // refresh at 4.4 + 60 s
    assertThat(sentOver(60_000)).isEqualTo(2);
    assertThat(metrics.gratuitousFor(VIP4)).isEqualTo(2 * 7);
  }

  @Test
  void settingAgainDuringTheBurstExtendsIt() {
    announcer.start(key(VIP4), ETH0, node);
    scheduler.advance(Duration.ofMillis(4000)); // bursts at 1.1, 2.2, 3.3

    announcer.extend(key(VIP4)); // window now ends at 9.0 s

    assertThat(sentOver(400)).isEqualTo(2); // 4.4
    assertThat(sentOver(4600)).isEqualTo(2 * 4); // 5.5, 6.6, 7.7, 8.8
    assertThat(sentOver(1100)).isZero(); // 9.9 is past the window
  }

  @Test
  void settingAgainAfterTheBurstChangesNothing() {
    announcer.start(key(VIP4), ETH0, node);
    scheduler.advance(Duration.ofSeconds(10));
    int before = node.sent().size();

    announcer.extend(key(VIP4));

    assertThat(sentOver(50_000)).isZero();
    assertThat(node.sent()).hasSize(before);
    assertThat(sentOver(10_000)).isEqualTo(2); // the refresh at 64.4 s still comes
  }

  @Test
  void stopEndsEverythingAtOnce() {
    announcer.start(key(VIP4), ETH0, node);
    scheduler.advance(Duration.ofMillis(1100));

    announcer.stop(key(VIP4));

    assertThat(sentOver(200_000)).isZero();
    assertThat(scheduler.pending()).isZero();
    assertThat(announcer.size()).isZero();
  }

  @Test
  void tickIsSkippedWhenTheIpIsNoLongerOwned() {
    announcer.start(key(VIP4), ETH0, node);

    owned.clear(); // withdrawn, the stop call not made yet

    assertThat(sentOver(70_000)).isZero();
  }

  @Test
  void zeroRefreshMeansNothingAfterTheBurst() {
    GratuitousAnnouncer noRefresh =
        announcer(
            new GratuitousSchedule(Duration.ofMillis(1100), Duration.ofSeconds(5), Duration.ZERO));
    noRefresh.start(key(VIP6), ETH0, node);
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(node.sent()).hasSize(5);

    assertThat(sentOver(3_600_000)).isZero();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void interfaceThatCannotCarryTheFamilySendsNothing() {
    InterfaceInfo noBroadcast =
        new InterfaceInfo("eth0", 2, ETH0_MAC.bytes(), Optional.empty(), false, false);

    announcer.start(key(VIP4), noBroadcast, node);
    announcer.start(key(VIP6), noBroadcast, node);

    assertThat(node.sent()).isEmpty();
  }
}
