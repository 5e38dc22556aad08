package io.ironlb.speaker.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MembershipTest {

  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final Duration DETECTION = INTERVAL.multipliedBy(3);

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private Membership membership;
  private final Map<String, Long> sequences = new TreeMap<>();

  @BeforeEach
  void threeNodes() {
    membership = membershipOf("a", 3);
  }

  private Membership membershipOf(String self, int nodes) {
    Membership m = new Membership(self, MembershipConfig.defaults(), clock::get, 42L);
    m.setPeers(peers(nodes));
    return m;
  }

  private static Map<String, InetSocketAddress> peers(int nodes) {
    Map<String, InetSocketAddress> peers = new TreeMap<>();
    IntStream.range(0, nodes).forEach(i -> peers.put(name(i), address(i)));
    return peers;
  }

  private static String name(int i) {
    return String.valueOf((char) ('a' + i));
  }

  private static InetSocketAddress address(int i) {
    return new InetSocketAddress("10.0.0." + (i + 1), 7473);
  }

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  /** A fresh heartbeat from {@code node}'s first boot, from its listed address. */
  private void hear(String node) {
    hear(new Heartbeat(node, 1L, sequences.merge(node, 1L, Long::sum), false));
  }

  private void hear(Heartbeat hb) {
    membership.onHeartbeat(hb, address(hb.node().charAt(0) - 'a'));
  }

  @Test
  void peerIsDeadAfterExactlyMultiplierIntervalsOfSilenceNotBefore() {
    hear("b");
    advance(DETECTION.minusNanos(1));
    assertThat(membership.view().live()).containsExactly("a", "b");
    advance(Duration.ofNanos(1));
    assertThat(membership.view().live()).containsExactly("a");
    assertThat(membership.view().known()).containsExactly("a", "b");
  }

  /** The owner's loop: listening every 50 ms (half an interval) for {@code d}. */
  private void listenFor(Duration d) {
    for (long t = 0; t < d.toMillis(); t += 50) {
      advance(Duration.ofMillis(50));
      membership.listened();
    }
  }

  @Test
  void aPauseOfTheListenerLongerThanTheDetectionTimeIsNotCountedAsThePeersSilence() {
    membership.listened();
    hear("b");
    hear("c");
    listenFor(Duration.ofMillis(100));

    advance(Duration.ofMillis(900)); // the whole process (or VM) stood still
    membership.listened(); // back: the socket held nothing (the peers stood still too)
    assertThat(membership.view().live()).containsExactly("a", "b", "c");
    assertThat(membership.view().quorum()).isTrue();

    peersDieOneDetectionTimeAfterTheirLastHeartbeatNotCountingThePause();
  }

  /**
   * Silence so far: the 100 ms heard before the pause and one interval of the pause; from here it
   * counts again.
   */
  private void peersDieOneDetectionTimeAfterTheirLastHeartbeatNotCountingThePause() {
    listenFor(Duration.ofMillis(50));
    assertThat(membership.view().live()).containsExactly("a", "b", "c");
    listenFor(Duration.ofMillis(50));
    assertThat(membership.view().live()).containsExactly("a");
  }

  @Test
  void aViewAskedForDuringTheListenersPauseDoesNotCountThePauseEither() {
    membership.listened();
    hear("b");
    hear("c");
    listenFor(Duration.ofMillis(100));

    advance(Duration.ofMillis(700)); // the listener is stuck; another thread asks for the view
    assertThat(membership.view().live()).containsExactly("a", "b", "c");
    assertThat(membership.view().quorum()).isTrue();
    membership.listened(); // the listener is back
    peersDieOneDetectionTimeAfterTheirLastHeartbeatNotCountingThePause();
  }

  @Test
  void aPauseAsLongAsTheDetectionTimeIsCountedForReannouncingAShorterOneIsNot() {
    membership.listened();
    advance(DETECTION.minusMillis(1));
    membership.listened();
    assertThat(membership.pauses()).isZero();

    advance(DETECTION);
    membership.listened();
    assertThat(membership.pauses()).isEqualTo(1);
    listenFor(Duration.ofSeconds(1));
    assertThat(membership.pauses()).isEqualTo(1);
  }

  @Test
  void silenceWhileListeningStillKillsAfterTheDetectionTime() {
    membership.listened();
    hear("b");
    listenFor(DETECTION.minusMillis(50));
    assertThat(membership.view().live()).containsExactly("a", "b");
    listenFor(Duration.ofMillis(50));
    assertThat(membership.view().live()).containsExactly("a");
  }

  @Test
  void everyHeartbeatRestartsTheDetectionTimer() {
    hear("b");
    for (int i = 0; i < 10; i++) {
      advance(INTERVAL.multipliedBy(2));
      hear("b");
    }
    advance(DETECTION.minusNanos(1));
    assertThat(membership.view().live()).contains("b");
  }

  @Test
  void leavingRemovesThePeerFromLiveAndKnownAtOnce() {
    hear("b");
    hear("c");
    hear(new Heartbeat("b", 1L, 99, true));
    MembershipView view = membership.view();
    assertThat(view.live()).containsExactly("a", "c");
    assertThat(view.known()).containsExactly("a", "c");
    assertThat(view.quorum()).isTrue();
  }

  @Test
  void plannedShutdownOfTwoOfThreeKeepsQuorumButACrashOfTwoFences() {
    hear("b");
    hear("c");
    hear(new Heartbeat("b", 1L, 99, true));
    hear(new Heartbeat("c", 1L, 99, true));
    assertThat(membership.view().quorum()).isTrue();

    Membership crashed = membershipOf("a", 3);
    crashed.onHeartbeat(new Heartbeat("b", 1L, 1, false), address(1));
    crashed.onHeartbeat(new Heartbeat("c", 1L, 1, false), address(2));
    advance(DETECTION);
    assertThat(crashed.view().quorum()).isFalse();
  }

  @Test
  void newBootIdMakesARestartedPeerLiveAtOnce() {
    hear(new Heartbeat("b", 1L, 500, false));
    advance(DETECTION);
    assertThat(membership.view().live()).doesNotContain("b");
    hear(new Heartbeat("b", 2L, 1, false)); // lower sequence, but a new boot
    assertThat(membership.view().live()).contains("b");
  }

  @Test
  void restartAfterLeavingMakesThePeerKnownAndLiveAgain() {
    hear(new Heartbeat("b", 1L, 7, true));
    hear(new Heartbeat("b", 2L, 1, false));
    assertThat(membership.view().known()).contains("b");
    assertThat(membership.view().live()).contains("b");
  }

  @Test
  void replayedOrOlderSequenceDoesNotRefreshLiveness() {
    hear(new Heartbeat("b", 1L, 5, false));
    advance(DETECTION.minusMillis(50));
    hear(new Heartbeat("b", 1L, 5, false));
    hear(new Heartbeat("b", 1L, 4, false));
    advance(Duration.ofMillis(50));
    assertThat(membership.view().live()).doesNotContain("b");
  }

  @Test
  void replayedLeaveOfTheCurrentBootIsIgnored() {
    hear(new Heartbeat("b", 1L, 5, true));
    hear(new Heartbeat("b", 2L, 1, false));
    hear(new Heartbeat("b", 2L, 2, false));
    hear(new Heartbeat("b", 1L, 6, true)); // a retired boot: replay, not a new restart
    assertThat(membership.view().known()).contains("b");
    assertThat(membership.view().live()).contains("b");
  }

  @ParameterizedTest(name = "{3}")
  @CsvSource({
    "1, 1, true,  single node always has quorum",
    "2, 1, true,  2 nodes: each side of a split keeps quorum (split brain not preventable)",
    "2, 2, true,  2 nodes both live",
    "3, 1, false, 3 nodes: isolated node fences",
    "3, 2, true,  3 nodes: majority side keeps quorum",
    "3, 3, true,  3 nodes all live",
    "5, 2, false, 5 nodes: minority of 2 fences",
    "5, 3, true,  5 nodes: majority of 3 keeps quorum",
    "4, 2, true,  4 nodes: an even split keeps quorum on both sides",
  })
  void quorumIsTwiceLiveAtLeastKnown(int nodes, int live, boolean quorum, String description) {
    membership = membershipOf("a", nodes);
    IntStream.range(1, nodes).forEach(i -> hear(name(i)));
    advance(INTERVAL.multipliedBy(2));
    IntStream.range(1, live).forEach(i -> hear(name(i)));
    advance(INTERVAL.multipliedBy(2)); // silent ones: 400 ms, heard ones: 200 ms
    MembershipView view = membership.view();
    assertThat(view.live()).hasSize(live);
    assertThat(view.known()).hasSize(nodes);
    assertThat(view.quorum()).isEqualTo(quorum);
  }

  @Test
  void healedPartitionRestoresTheFullLiveSetAndQuorum() {
    hear("b");
    hear("c");
    advance(DETECTION);
    assertThat(membership.view().quorum()).isFalse();
    hear("b");
    hear("c");
    MembershipView view = membership.view();
    assertThat(view.live()).containsExactly("a", "b", "c");
    assertThat(view.quorum()).isTrue();
  }

  @Test
  void settledOnceEveryListedPeerWasHeard() {
    hear("b");
    assertThat(membership.view().settled()).isFalse();
    hear("c");
    assertThat(membership.view().settled()).isTrue();
  }

  @Test
  void settledWhenTheStartupGraceElapsesAndThenStaysSettled() {
    Duration grace = MembershipConfig.defaults().startupGrace();
    advance(grace.minusNanos(1));
    assertThat(membership.view().settled()).isFalse();
    advance(Duration.ofNanos(1));
    assertThat(membership.view().settled()).isTrue();
    membership.setPeers(peers(4)); // a new node joins: nobody stops announcing
    assertThat(membership.view().settled()).isTrue();
  }

  @Test
  void notSettledBeforeThePeerListIsKnown() {
    Membership fresh = new Membership("a", MembershipConfig.defaults(), clock::get, 1L);
    assertThat(fresh.view().settled()).isFalse();
    fresh.setPeers(Map.of());
    assertThat(fresh.view().settled()).as("single-node cluster").isTrue();
  }

  @Test
  void startupGraceRunsFromTheFirstPeerListNotFromConstruction() {
    Membership fresh = new Membership("a", MembershipConfig.defaults(), clock::get, 1L);
    Duration grace = MembershipConfig.defaults().startupGrace();
    advance(grace.multipliedBy(3)); // the cluster caches were slow to fill
    assertThat(fresh.view().settled()).isFalse();
    fresh.setPeers(peers(3));
    assertThat(fresh.view().settled()).as("peers listed, none heard yet").isFalse();
    advance(grace.minusNanos(1));
    assertThat(fresh.view().settled()).isFalse();
    advance(Duration.ofNanos(1));
    assertThat(fresh.view().settled()).isTrue();
  }

  @Test
  void peerRemovedFromThePeerListIsForgotten() {
    hear("b");
    hear("c");
    membership.setPeers(Map.of("a", address(0), "b", address(1)));
    assertThat(membership.view().known()).containsExactly("a", "b");
    hear("c");
    assertThat(membership.view().known()).containsExactly("a", "b");
    assertThat(membership.ignoredUnlisted()).isEqualTo(1);
    membership.setPeers(peers(3));
    assertThat(membership.view().known()).as("not known until heard again").hasSize(2);
  }

  @Test
  void heartbeatsFromUnlistedNodesAndFromSelfAreIgnored() {
    membership.onHeartbeat(new Heartbeat("z", 1L, 1, false), address(25));
    membership.onHeartbeat(new Heartbeat("a", 7L, 1, false), address(0));
    assertThat(membership.view().known()).containsExactly("a");
    assertThat(membership.ignoredUnlisted()).isEqualTo(2);
  }

  @Test
  void heartbeatFromAnUnexpectedSourceAddressIsAccepted() {
    membership.onHeartbeat(new Heartbeat("b", 1L, 1, false), address(9));
    assertThat(membership.view().live()).contains("b");
  }

  @Test
  void dueSendsOneHeartbeatPerListedPeerWithARisingSequence() {
    List<Outgoing> first = membership.due();
    List<Outgoing> second = membership.due();
    assertThat(first).extracting(Outgoing::to).containsExactlyInAnyOrder(address(1), address(2));
    assertThat(first).extracting(Outgoing::heartbeat).containsOnly(first.get(0).heartbeat());
    Heartbeat hb = first.get(0).heartbeat();
    assertThat(hb.node()).isEqualTo("a");
    assertThat(hb.bootId()).isEqualTo(42L);
    assertThat(hb.leaving()).isFalse();
    assertThat(second.get(0).heartbeat().sequence()).isGreaterThan(hb.sequence());
    Heartbeat leaving = membership.leaving();
    assertThat(leaving.leaving()).isTrue();
    assertThat(leaving.sequence()).isGreaterThan(second.get(0).heartbeat().sequence());
  }

  @Test
  void selfIsAlwaysLiveAndKnown() {
    MembershipView view = membership.view();
    assertThat(view.self()).isEqualTo("a");
    assertThat(view.live()).containsExactly("a");
    assertThat(view.known()).containsExactly("a");
    assertThat(view.quorum()).isTrue();
  }

  @Test
  void configDefaultsAndValidation() {
    MembershipConfig defaults = MembershipConfig.defaults();
    assertThat(defaults.detectionTime()).isEqualTo(Duration.ofMillis(300));
    assertThat(defaults.startupGrace()).isEqualTo(Duration.ofMillis(900));
    assertThat(defaults.key()).isEmpty();
    assertThatThrownBy(
            () -> new MembershipConfig(Duration.ZERO, 3, Duration.ZERO, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MembershipConfig(INTERVAL, 0, Duration.ZERO, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withKey(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Membership("Not_A_Node", defaults, clock::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
