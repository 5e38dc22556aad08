package io.ironlb.speaker.l2;

import static io.ironlb.speaker.l2.TestFrames.ETH0;
import static io.ironlb.speaker.l2.TestFrames.ETH1;
import static io.ironlb.speaker.l2.TestFrames.VIP4;
import static io.ironlb.speaker.l2.TestFrames.VIP4_B;
import static io.ironlb.speaker.l2.TestFrames.VIP6;
import static io.ironlb.speaker.l2.TestFrames.VIP6_SAME_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ironlb.speaker.l2.wire.MacAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class L2AnnouncerTest {

  private final L2Fixture f = new L2Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private int sentOn(String iface, Duration over) {
    int before = f.node(iface).sent().size();
    f.scheduler.advance(over);
    return f.node(iface).sent().size() - before;
  }

  @Test
  void takeoverSendsGratuitousFramesImmediatelyOnEveryInterfaceOwningTheIp() {
    f.announcer.setInterfaces(List.of(ETH0, ETH1));

    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4, VIP6), "eth1", Set.of(VIP4)));

    assertThat(f.node("eth0").sent()).hasSize(3); // ARP request + reply, one NA
    assertThat(f.node("eth1").sent()).hasSize(2);
    assertThat(f.metrics.gratuitousFor(VIP4)).isEqualTo(4);
    assertThat(f.metrics.gratuitousFor(VIP6)).isEqualTo(1);
    assertThat(f.client0.received()).hasSize(3); // broadcast and all-nodes reach the client
  }

  @Test
  void burstRepeatsFor5SecondsThenRefreshes() {
    f.announcer.setInterfaces(List.of(ETH0));
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4)));

    assertThat(sentOn("eth0", Duration.ofMillis(5000))).isEqualTo(2 * 4);
    assertThat(sentOn("eth0", Duration.ofSeconds(59))).isZero();
    assertThat(sentOn("eth0", Duration.ofSeconds(1))).isEqualTo(2);
  }

  @Test
  void equalInputIsIdempotent() {
    f.announcer.setInterfaces(List.of(ETH0));
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4, VIP6)));
    f.scheduler.advance(Duration.ofSeconds(10));
    int sent = f.node("eth0").sent().size();
    List<String> memberships = f.node("eth0").membershipLog();

    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP6, VIP4)));
    f.announcer.setInterfaces(List.of(ETH0));

    assertThat(f.node("eth0").sent()).hasSize(sent);
    assertThat(f.node("eth0").membershipLog()).isEqualTo(memberships);
    assertThat(f.lan0.ports()).hasSize(2); // the same transport, not reopened
  }

  @Test
  void settingAgainDuringTheBurstExtendsIt() {
    f.announcer.setInterfaces(List.of(ETH0));
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP6)));
    f.scheduler.advance(Duration.ofSeconds(4));

    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP6)));

    assertThat(sentOn("eth0", Duration.ofMillis(4999))).isEqualTo(5); // 4.4 5.5 6.6 7.7 8.8
    assertThat(sentOn("eth0", Duration.ofSeconds(10))).isZero();
  }

  @Test
  void reannounceStartsANewBurstForEveryAnnouncedIp() {
    f.announcer.setInterfaces(List.of(ETH0, ETH1));
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4), "eth1", Set.of(VIP4_B)));
    f.scheduler.advance(Duration.ofSeconds(10)); // bursts over, next refresh in 50 s
    assertThat(sentOn("eth0", Duration.ofSeconds(1))).isZero();

    int eth0 = f.node("eth0").sent().size();
    int eth1 = f.node("eth1").sent().size();

    f.announcer.reannounce();

    assertThat(f.node("eth0").sent()).hasSize(eth0 + 2); // at once: ARP request + reply
    assertThat(f.node("eth1").sent()).hasSize(eth1 + 2);
    assertThat(sentOn("eth0", Duration.ofMillis(5000))).isEqualTo(2 * 4); // and a whole burst
  }

  @Test
  void withdrawStopsAnsweringAndAnnouncingAtOnce() throws Exception {
    f.announcer.setInterfaces(List.of(ETH0));
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4)));
    f.clearRecords();

    f.announcer.setAnnouncements(Map.of());
    f.client0.send(TestFrames.arpRequest(MacAddress.BROADCAST, VIP4));

    assertThat(sentOn("eth0", Duration.ofMinutes(10))).isZero();
    assertThat(f.client0.received()).isEmpty();
    assertThat(f.scheduler.pending()).isZero();
  }

  @Test
  void announcementForAnInterfaceNotOpenYetStartsWhenItAppears() {
    f.announcer.setInterfaces(List.of(ETH0));
    f.announcer.setAnnouncements(Map.of("eth1", Set.of(VIP4_B)));
    assertThat(f.metrics.gratuitous).isEmpty();

    f.announcer.setInterfaces(List.of(ETH0, ETH1));

    assertThat(f.node("eth1").sent()).hasSize(2);
    assertThat(f.announcer.announcements()).isEqualTo(Map.of("eth1", Set.of(VIP4_B)));
  }

  @Test
  void removedInterfaceIsClosedAndItsAnnouncementsStop() {
    f.announcer.setInterfaces(List.of(ETH0, ETH1));
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4), "eth1", Set.of(VIP6)));
    InMemoryPacketTransport eth1 = f.node("eth1");

    f.announcer.setInterfaces(List.of(ETH0));

    assertThat(eth1.isClosed()).isTrue();
    int before = eth1.sent().size();
    f.scheduler.advance(Duration.ofMinutes(5));
    assertThat(eth1.sent()).hasSize(before);
    assertThat(f.node("eth0").sent().size()).isGreaterThan(2);
  }

  @Test
  void changedInterfaceIsReopenedAndAnnouncedAgain() {
    f.announcer.setInterfaces(List.of(ETH0));
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4)));
    InMemoryPacketTransport old = f.node("eth0");
    InterfaceInfo newMac =
        new InterfaceInfo(
            "eth0", 2, MacAddress.parse("02:00:00:00:00:09").bytes(), ETH0.linkLocal(), true, true);

    f.announcer.setInterfaces(List.of(newMac));

    assertThat(old.isClosed()).isTrue();
    assertThat(f.node("eth0").sent()).hasSize(2); // a fresh burst with the new MAC
  }

  @Test
  void solicitedNodeGroupsAreRefCounted() {
    f.announcer.setInterfaces(List.of(ETH0));
    var group = SolicitedNodeGroups.groupOf(VIP6);
    assertThat(SolicitedNodeGroups.groupOf(VIP6_SAME_GROUP)).isEqualTo(group);

    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4, VIP6, VIP6_SAME_GROUP)));
    assertThat(f.node("eth0").joinedGroups()).containsExactly(group);
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP6_SAME_GROUP)));
    assertThat(f.node("eth0").joinedGroups()).containsExactly(group);
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4)));

    assertThat(f.node("eth0").joinedGroups()).isEmpty();
    assertThat(f.node("eth0").membershipLog())
        .containsExactly("join ff02:0:0:0:0:1:ff00:10", "leave ff02:0:0:0:0:1:ff00:10");
  }

  @Test
  void familiesTheInterfaceCannotCarryAreNotAnnounced() {
    InterfaceInfo pointToPoint =
        new InterfaceInfo("eth0", 2, TestFrames.ETH0_MAC.bytes(), Optional.empty(), false, false);
    f.announcer.setInterfaces(List.of(pointToPoint));

    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4, VIP6)));

    assertThat(f.node("eth0").sent()).isEmpty();
    assertThat(f.node("eth0").joinedGroups()).isEmpty();
  }

  @Test
  void interfaceThatFailsToOpenIsRetriedOnTheNextCall() {
    AtomicInteger attempts = new AtomicInteger();
    L2Announcer announcer =
        new L2Announcer(
            info -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IOException("no such device");
              }
              return f.lan0.attach(info);
            },
            f.metrics,
            f.scheduler,
            L2Fixture.SCHEDULE,
            f.scheduler::nanoTime);
    announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4)));

    announcer.setInterfaces(List.of(ETH0));
    assertThat(f.metrics.gratuitous).isEmpty();
    announcer.setInterfaces(List.of(ETH0));

    assertThat(f.metrics.gratuitousFor(VIP4)).isEqualTo(2);
    announcer.close();
  }

  @Test
  void closeStopsEverything() {
    f.announcer.setInterfaces(List.of(ETH0));
    f.announcer.setAnnouncements(Map.of("eth0", Set.of(VIP4, VIP6)));
    InMemoryPacketTransport eth0 = f.node("eth0");

    f.announcer.close();

    assertThat(eth0.isClosed()).isTrue();
    assertThat(f.scheduler.pending()).isZero();
    assertThat(f.announcer.announcements()).isEmpty();
    assertThatThrownBy(() -> f.announcer.setAnnouncements(Map.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void interfaceListedTwiceIsRejected() {
    assertThatThrownBy(() -> f.announcer.setInterfaces(List.of(ETH0, ETH0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
