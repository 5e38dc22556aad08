package io.ironlb.speaker.l2;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node with eth0 on lan0 and eth1 on lan1, a passive client host on each LAN, a fake scheduler
 * and recording metrics.
 */
final class L2Fixture implements AutoCloseable {

  static final GratuitousSchedule SCHEDULE =
      new GratuitousSchedule(
          Duration.ofMillis(1100), Duration.ofSeconds(5), Duration.ofSeconds(60));

  final FakeScheduler scheduler = new FakeScheduler();
  final RecordingMetrics metrics = new RecordingMetrics();
  final InMemorySegment lan0 = new InMemorySegment();
  final InMemorySegment lan1 = new InMemorySegment();
  final InMemoryPacketTransport client0 = lan0.attach(TestFrames.CLIENT);
  final InMemoryPacketTransport client1 = lan1.attach(TestFrames.CLIENT);
  final L2Announcer announcer;

  L2Fixture() {
    this(SCHEDULE);
  }

  L2Fixture(GratuitousSchedule schedule) {
    announcer =
        new L2Announcer(
            info -> (info.name().equals("eth1") ? lan1 : lan0).attach(info),
            metrics,
            scheduler,
            schedule,
            scheduler::nanoTime);
  }

  /** Opens eth0 and eth1, owns {@code ips} on eth0, and forgets the frames sent so far. */
  static L2Fixture owning(InetAddress... ips) {
    L2Fixture f = new L2Fixture();
    f.announcer.setInterfaces(List.of(TestFrames.ETH0, TestFrames.ETH1));
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(ips)));
    f.clearRecords();
    return f;
  }

  /** The node's transport for {@code iface}. */
  InMemoryPacketTransport node(String iface) {
    InMemorySegment lan = iface.equals("eth1") ? lan1 : lan0;
    return lan.ports().stream()
        .filter(p -> p.info().name().equals(iface))
        .findFirst()
        .orElseThrow(() -> new AssertionError(iface + " not open"));
  }

  void clearRecords() {
    for (InMemorySegment lan : List.of(lan0, lan1)) {
      lan.ports().forEach(InMemoryPacketTransport::clearRecords);
    }
    metrics.gratuitous.clear();
  }

  @Override
  public void close() {
    announcer.close();
  }
}
