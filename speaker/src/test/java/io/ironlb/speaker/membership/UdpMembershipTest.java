package io.ironlb.speaker.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpMembershipTest {

  private static final byte[] KEY = "udp-test-key-0123".getBytes(StandardCharsets.US_ASCII);
  private static final Duration INTERVAL = Duration.ofMillis(50);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final List<String> NAMES = List.of("n1", "n2", "n3");

  private final List<UdpMembership> nodes = new ArrayList<>();

  /** Runs on n1's heartbeat thread with each view it delivers (after it is recorded). */
  private volatile Runnable n1AfterChange = () -> {};

  private final AtomicInteger n1Pauses = new AtomicInteger();
  private final List<List<MembershipView>> delivered = new ArrayList<>();

  /** Three speakers on loopback; {@code multiplier} sets how long silence takes to be fatal. */
  private void startThree(int multiplier) throws IOException {
    MembershipConfig config =
        new MembershipConfig(
                INTERVAL, multiplier, INTERVAL.multipliedBy(3L * multiplier), Optional.empty())
            .withKey(KEY);
    Map<String, InetSocketAddress> peers = new TreeMap<>();
    for (String name : NAMES) {
      List<MembershipView> views = new CopyOnWriteArrayList<>();
      UdpMembership node =
          new UdpMembership(
              new Membership(name, config, System::nanoTime),
              new HeartbeatCodec(config.key()),
              new InetSocketAddress("127.0.0.1", 0),
              INTERVAL,
              view -> {
                views.add(view);
                if (name.equals("n1")) {
                  n1AfterChange.run();
                }
              },
              name.equals("n1") ? n1Pauses::incrementAndGet : () -> {});
      node.start();
      nodes.add(node);
      delivered.add(views);
      peers.put(name, node.localAddress());
    }
    nodes.forEach(n -> n.setPeers(peers));
    await().atMost(WAIT).until(() -> nodes.stream().allMatch(this::seesAllLive));
  }

  private boolean seesAllLive(UdpMembership node) {
    MembershipView view = node.view();
    return view.live().equals(view.known()) && view.live().size() == 3 && view.settled();
  }

  @AfterEach
  void closeAll() {
    nodes.forEach(UdpMembership::close);
  }

  @Test
  void threeSpeakersSeeEachOtherLiveAndReportItThroughOnChange() throws IOException {
    startThree(3);
    for (List<MembershipView> views : delivered) {
      await().atMost(WAIT).until(() -> !views.isEmpty() && last(views).live().size() == 3);
      assertThat(last(views).quorum()).isTrue();
      assertThat(last(views).known()).containsExactlyElementsOf(NAMES);
    }
  }

  @Test
  void aSpeakerWhoseHeartbeatThreadStallsKeepsItsPeersAndReannouncesOnce() throws Exception {
    startThree(3); // dead after 150 ms of silence
    CountDownLatch stalled = new CountDownLatch(1);
    n1AfterChange =
        () -> {
          n1AfterChange = () -> {};
          try {
            Thread.sleep(600); // n1's heartbeat thread stands still, as in a GC pause
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          stalled.countDown();
        };
    int before = delivered.get(0).size();
    nodes.get(2).close(); // n3 leaves: n1 delivers a view, and stalls in it
    assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(WAIT).until(() -> n1Pauses.get() == 1);

    // after the stall n1 never saw n2 dead, so never lost quorum (2 of 2 known)
    List<MembershipView> after = delivered.get(0).subList(before, delivered.get(0).size());
    assertThat(after).allSatisfy(v -> assertThat(v.live()).contains("n1", "n2"));
    assertThat(after).allSatisfy(v -> assertThat(v.quorum()).isTrue());
    Thread.sleep(300); // a while of normal running: no further pause counted
    assertThat(n1Pauses.get()).isEqualTo(1);
  }

  @Test
  void closedSpeakerIsRemovedFromKnownByTheOthers() throws IOException {
    startThree(20); // 1 s: only the leave message can remove it quickly
    nodes.get(2).close();
    for (UdpMembership node : nodes.subList(0, 2)) {
      await().atMost(WAIT).until(() -> !node.view().known().contains("n3"));
      assertThat(node.view().live()).containsExactly("n1", "n2");
      assertThat(node.view().quorum()).isTrue();
    }
  }

  @Test
  void crashedSpeakerIsDeadAfterTheDetectionTimeButStaysKnown() throws IOException {
    startThree(6);
    nodes.get(2).crash();
    for (UdpMembership node : nodes.subList(0, 2)) {
      await().atMost(WAIT).until(() -> !node.view().live().contains("n3"));
      assertThat(node.view().known()).containsExactlyElementsOf(NAMES);
      assertThat(node.view().quorum()).isTrue();
    }
  }

  @Test
  void garbageFloodDoesNotChangeTheView() throws IOException {
    startThree(20); // generous detection time: a loaded test machine must not flap the view
    UdpMembership target = nodes.get(0);
    MembershipView before = target.view();
    int deliveredBefore = delivered.get(0).size();
    try (DatagramChannel attacker = DatagramChannel.open()) {
      List<byte[]> garbage = garbage();
      for (int from = 0; from < garbage.size(); from += 50) {
        int to = Math.min(garbage.size(), from + 50);
        garbage.subList(from, to).forEach(g -> send(attacker, g, target.localAddress()));
        long expected = to;
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(5))
            .until(() -> target.dropped() >= expected);
      }
    }
    assertThat(target.view()).isEqualTo(before);
    assertThat(delivered.get(0)).hasSize(deliveredBefore);
  }

  /** Random bytes, oversize datagrams, and well-formed leave messages signed with other keys. */
  private static List<byte[]> garbage() {
    Random random = new Random(7);
    HeartbeatCodec unkeyed = new HeartbeatCodec(Optional.empty());
    HeartbeatCodec wrongKey = new HeartbeatCodec(Optional.of("not-the-key".getBytes()));
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Heartbeat forged = new Heartbeat(NAMES.get(1 + i % 2), i, Long.MAX_VALUE, true);
      byte[] datagram =
          switch (i % 4) {
            case 0 -> unkeyed.encode(forged);
            case 1 -> wrongKey.encode(forged);
            case 2 -> new byte[513 + random.nextInt(1000)];
            default -> new byte[random.nextInt(512)];
          };
      if (i % 4 >= 2) {
        random.nextBytes(datagram);
      }
      out.add(datagram);
    }
    return out;
  }

  private static void send(DatagramChannel channel, byte[] datagram, InetSocketAddress to) {
    try {
      channel.send(ByteBuffer.wrap(datagram), to);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MembershipView last(List<MembershipView> views) {
    return views.get(views.size() - 1);
  }
}
