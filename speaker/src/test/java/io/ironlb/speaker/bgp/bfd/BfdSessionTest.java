package io.ironlb.speaker.bgp.bfd;

import static io.ironlb.speaker.bgp.bfd.BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED;
import static io.ironlb.speaker.bgp.bfd.BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN;
import static io.ironlb.speaker.bgp.bfd.BfdDiagnostic.NO_DIAGNOSTIC;
import static io.ironlb.speaker.bgp.bfd.BfdState.ADMIN_DOWN;
import static io.ironlb.speaker.bgp.bfd.BfdState.DOWN;
import static io.ironlb.speaker.bgp.bfd.BfdState.INIT;
import static io.ironlb.speaker.bgp.bfd.BfdState.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ironlb.speaker.bgp.bfd.RecordingListener.Change;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RFC 5880 §6.8 state machine of one session, fed packets by hand with a fake clock. */
class BfdSessionTest {

  static final long LOCAL = 0x1111L;
  static final long REMOTE = 0x2222L;
  static final long MS = 1_000_000L;

  final RecordingListener events = new RecordingListener();
  long now = 7_000_000_000L;

  BfdSession session(BfdTimers timers) {
    return new BfdSession(LOCAL, timers, "192.0.2.1", new Random(42), events);
  }

  /** A packet from the peer, which runs 300 ms / 300 ms / 3. */
  static BfdControlPacket fromPeer(BfdState state, long yours) {
    return fromPeer(state, yours, 300_000, 300_000, 3);
  }

  static BfdControlPacket fromPeer(BfdState state, long yours, long txUs, long rxUs, int mult) {
    return BfdControlPacket.asynchronous(
        NO_DIAGNOSTIC, state, false, false, mult, REMOTE, yours, txUs, rxUs);
  }

  /** Down -> Init -> Up with hand-made peer packets; returns the session Up at {@link #now}. */
  BfdSession up(BfdTimers timers) {
    BfdSession s = session(timers);
    s.receive(fromPeer(DOWN, 0), now);
    s.receive(fromPeer(UP, LOCAL), now);
    assertThat(s.state()).isEqualTo(UP);
    return s;
  }

  @Test
  void peerDownThenInitTakesSessionThroughInitToUp() {
    BfdSession s = session(BfdTimers.DEFAULTS);

    Optional<BfdControlPacket> first = s.receive(fromPeer(DOWN, 0), now);
    assertThat(s.state()).isEqualTo(INIT);
    assertThat(s.remoteDiscriminator()).isEqualTo(REMOTE);
    assertThat(first).get().extracting(BfdControlPacket::state).isEqualTo(INIT);
    assertThat(first.get().yourDiscriminator()).isEqualTo(REMOTE);

    s.receive(fromPeer(INIT, LOCAL), now);
    assertThat(s.state()).isEqualTo(UP);
    assertThat(events.changes)
        .containsExactly(
            new Change(DOWN, INIT, NO_DIAGNOSTIC), new Change(INIT, UP, NO_DIAGNOSTIC));
  }

  @Test
  void peerUpWhileDownIsIgnored() {
    BfdSession s = session(BfdTimers.DEFAULTS);
    s.receive(fromPeer(UP, LOCAL), now); // RFC 5880 §6.8.6: Down ignores Up
    assertThat(s.state()).isEqualTo(DOWN);
    assertThat(events.changes).isEmpty();
  }

  @Test
  void peerDownWhileInitKeepsInit() {
    BfdSession s = session(BfdTimers.DEFAULTS);
    s.receive(fromPeer(DOWN, 0), now);
    s.receive(fromPeer(DOWN, 0), now);
    assertThat(s.state()).isEqualTo(INIT);
  }

  @Test
  void detectionTimeExpiryDropsSessionExactlyAfterDetectionTime() {
    BfdSession s = up(BfdTimers.DEFAULTS);
    now += 50 * MS;
    s.receive(fromPeer(UP, LOCAL), now);
    assertThat(s.detectionTimeUs()).isEqualTo(900_000); // 3 x max(300 ms, 300 ms)

    s.tick(now + 900 * MS - 1);
    assertThat(s.state()).isEqualTo(UP);
    Optional<BfdControlPacket> sent = s.tick(now + 900 * MS);

    assertThat(s.state()).isEqualTo(DOWN);
    assertThat(events.last()).isEqualTo(new Change(UP, DOWN, CONTROL_DETECTION_TIME_EXPIRED));
    assertThat(s.localDiagnostic()).isEqualTo(CONTROL_DETECTION_TIME_EXPIRED);
    assertThat(s.remoteDiscriminator()).isZero(); // §6.8.1
    assertThat(sent).get().satisfies(p -> assertThat(p.state()).isEqualTo(DOWN));
    assertThat(sent.get().diagnostic()).isEqualTo(CONTROL_DETECTION_TIME_EXPIRED);
    assertThat(sent.get().yourDiscriminator()).isZero();
  }

  @Test
  void detectionTimeExpiryInInitAlsoGoesDown() {
    BfdSession s = session(BfdTimers.DEFAULTS);
    s.receive(fromPeer(DOWN, 0), now);
    s.tick(now + 900 * MS);
    assertThat(s.state()).isEqualTo(DOWN);
    assertThat(events.last().why()).isEqualTo(CONTROL_DETECTION_TIME_EXPIRED);
  }

  @Test
  void everyPacketRestartsTheDetectionTimer() {
    BfdSession s = up(BfdTimers.DEFAULTS);
    for (int i = 0; i < 20; i++) {
      now += 800 * MS; // under 900 ms each time
      s.tick(now);
      s.receive(fromPeer(UP, LOCAL), now);
    }
    assertThat(s.state()).isEqualTo(UP);
  }

  @Test
  void peerSignallingDownDropsSessionWithDiagnostic3() {
    BfdSession s = up(BfdTimers.DEFAULTS);
    Optional<BfdControlPacket> sent = s.receive(fromPeer(DOWN, LOCAL), now);
    assertThat(s.state()).isEqualTo(DOWN);
    assertThat(events.last()).isEqualTo(new Change(UP, DOWN, NEIGHBOR_SIGNALED_SESSION_DOWN));
    assertThat(sent)
        .get()
        .extracting(BfdControlPacket::diagnostic)
        .isEqualTo(NEIGHBOR_SIGNALED_SESSION_DOWN);
  }

  @Test
  void peerAdminDownDropsSessionAndIsVisibleAsRemoteState() {
    BfdSession s = up(BfdTimers.DEFAULTS);
    s.receive(fromPeer(ADMIN_DOWN, LOCAL), now);
    assertThat(s.state()).isEqualTo(DOWN);
    assertThat(s.remoteState()).isEqualTo(ADMIN_DOWN); // RFC 5882 §3.2: the client may tell
    assertThat(events.last().why()).isEqualTo(NEIGHBOR_SIGNALED_SESSION_DOWN);
  }

  @Test
  void peerAdminDownWhileInitGoesDown() {
    BfdSession s = session(BfdTimers.DEFAULTS);
    s.receive(fromPeer(DOWN, 0), now);
    s.receive(fromPeer(ADMIN_DOWN, LOCAL), now);
    assertThat(s.state()).isEqualTo(DOWN);
  }

  @Test
  void peerAdminDownWhileDownChangesNothing() {
    BfdSession s = session(BfdTimers.DEFAULTS);
    s.receive(fromPeer(ADMIN_DOWN, 0), now);
    assertThat(s.state()).isEqualTo(DOWN);
    assertThat(events.changes).isEmpty();
  }

  @Test
  void packetForAnotherDiscriminatorIsDropped() {
    BfdSession s = session(BfdTimers.DEFAULTS);
    assertThat(s.receive(fromPeer(INIT, 0x9999), now)).isEmpty();
    assertThat(s.state()).isEqualTo(DOWN);
    assertThat(s.remoteDiscriminator()).isZero();
  }

  @Test
  void firstTickSendsDownAtOnceWithUnknownPeer() {
    BfdSession s = session(BfdTimers.DEFAULTS);
    assertThat(s.nanosUntilDue(now)).isZero();
    BfdControlPacket p = s.tick(now).orElseThrow();
    assertThat(p.state()).isEqualTo(DOWN);
    assertThat(p.myDiscriminator()).isEqualTo(LOCAL);
    assertThat(p.yourDiscriminator()).isZero();
    assertThat(p.detectMultiplier()).isEqualTo(3);
    assertThat(p.requiredMinEchoRxUs()).isZero(); // no Echo
    assertThat(s.tick(now)).isEmpty();
  }

  @Test
  void localAdminDownSendsAdminDownWithDiagnostic7AndIgnoresPeer() {
    BfdSession s = up(BfdTimers.DEFAULTS);
    s.adminDown();
    assertThat(events.last())
        .isEqualTo(new Change(UP, ADMIN_DOWN, BfdDiagnostic.ADMINISTRATIVELY_DOWN));
    BfdControlPacket p = s.tick(now).orElseThrow();
    assertThat(p.state()).isEqualTo(ADMIN_DOWN);
    assertThat(p.diagnostic()).isEqualTo(BfdDiagnostic.ADMINISTRATIVELY_DOWN);

    assertThat(s.receive(fromPeer(INIT, LOCAL), now)).isEmpty(); // §6.8.6: discarded
    s.tick(now + 10_000 * MS); // no detection expiry out of AdminDown
    assertThat(s.state()).isEqualTo(ADMIN_DOWN);

    s.adminUp();
    assertThat(s.state()).isEqualTo(DOWN);
    s.receive(fromPeer(DOWN, 0), now);
    assertThat(s.state()).isEqualTo(INIT);
  }

  @Test
  void peerAskingForNoPacketsGetsNone() {
    BfdSession s = session(BfdTimers.DEFAULTS);
    s.receive(fromPeer(DOWN, 0, 300_000, 0, 3), now); // §6.8.7: Required Min RX 0
    assertThat(s.tick(now)).isEmpty();
    assertThat(s.tick(now + 5_000 * MS)).isEmpty();
  }

  @Test
  void throwingListenerDoesNotStopTheSession() {
    BfdSession s =
        new BfdSession(
            LOCAL,
            BfdTimers.DEFAULTS,
            "p",
            new Random(1),
            (from, to, why) -> {
              throw new IllegalStateException("boom");
            });
    s.receive(fromPeer(DOWN, 0), now);
    s.receive(fromPeer(UP, LOCAL), now);
    assertThat(s.state()).isEqualTo(UP);
  }

  @Test
  void discriminatorMustBeNonZero32Bit() {
    assertThatThrownBy(() -> new BfdSession(0, BfdTimers.DEFAULTS, "p", new Random(), events))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new BfdSession(1L << 32, BfdTimers.DEFAULTS, "p", new Random(), events))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
