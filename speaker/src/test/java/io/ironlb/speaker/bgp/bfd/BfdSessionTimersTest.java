package io.ironlb.speaker.bgp.bfd;

import static io.ironlb.speaker.bgp.bfd.BfdSessionTest.LOCAL;
import static io.ironlb.speaker.bgp.bfd.BfdSessionTest.MS;
import static io.ironlb.speaker.bgp.bfd.BfdSessionTest.fromPeer;
import static io.ironlb.speaker.bgp.bfd.BfdState.DOWN;
import static io.ironlb.speaker.bgp.bfd.BfdState.UP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Timer negotiation, slow start, Poll/Final and jitter (RFC 5880 §6.8.2-§6.8.4, §6.8.7). */
class BfdSessionTimersTest {

  final RecordingListener events = new RecordingListener();
  long now = 3_000_000_000L;

  BfdSession session(BfdTimers timers) {
    return new BfdSession(LOCAL, timers, "peer", new Random(7), events);
  }

  BfdSession up(BfdTimers timers, long peerTxUs, long peerRxUs, int peerMult) {
    BfdSession s = session(timers);
    s.receive(fromPeer(DOWN, 0, peerTxUs, peerRxUs, peerMult), now);
    s.receive(fromPeer(UP, LOCAL, peerTxUs, peerRxUs, peerMult), now);
    assertThat(s.state()).isEqualTo(UP);
    return s;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // description,                          rx,  tx, peerTxUs, peerRxUs, peerMult, txUs,
    // detectUs
    "'equal 300 ms, x3',                     300, 300, 300000,   300000,   3,        300000,  900000",
    "'peer slower to receive sets our TX',   300, 300, 300000,   500000,   3,        500000,  900000",
    "'we are slower to receive: detection',  500, 100, 100000,   100000,   3,        100000,  1500000",
    "'peer slower to send: detection',       100, 100, 400000,   100000,   5,        100000,  2000000",
    "'peer multiplier counts, not ours',     300, 300, 300000,   300000,   10,       300000,  3000000",
    "'100 ms x 3 both ways',                 100, 100, 100000,   100000,   3,        100000,  300000",
  })
  void upSessionNegotiatesTransmitIntervalAndDetectionTime(
      String description,
      int rxMs,
      int txMs,
      long peerTxUs,
      long peerRxUs,
      int peerMult,
      long expectedTxUs,
      long expectedDetectUs) {
    BfdSession s = up(new BfdTimers(rxMs, txMs, 3, false, 254), peerTxUs, peerRxUs, peerMult);
    // §6.8.2: max(our Desired Min TX, their Required Min RX)
    assertThat(s.transmitIntervalUs()).isEqualTo(expectedTxUs);
    // §6.8.4: their Detect Mult x max(our Required Min RX, their Desired Min TX)
    assertThat(s.detectionTimeUs()).isEqualTo(expectedDetectUs);
  }

  @Test
  void slowStartSendsOncePerSecondAdvertisingOneSecondWhileNotUp() {
    BfdSession s = session(new BfdTimers(100, 100, 3, false, 254));
    BfdControlPacket first = s.tick(now).orElseThrow();
    assertThat(first.desiredMinTxUs()).isEqualTo(1_000_000); // §6.8.3
    assertThat(first.requiredMinRxUs()).isEqualTo(100_000); // RX has no slow start
    long gap = s.nanosUntilDue(now);
    assertThat(gap).isBetween(750 * MS, 1_000 * MS);
    assertThat(s.tick(now + gap - 1)).isEmpty();
    assertThat(s.tick(now + gap)).isPresent();
  }

  @Test
  void goingUpEndsSlowStartWithAPollCarryingTheConfiguredInterval() {
    BfdSession s = session(new BfdTimers(100, 100, 3, false, 254));
    s.receive(fromPeer(DOWN, 0, 100_000, 100_000, 3), now);
    BfdControlPacket p = s.receive(fromPeer(UP, LOCAL, 100_000, 100_000, 3), now).orElseThrow();

    assertThat(s.polling()).isTrue();
    assertThat(p.poll()).isTrue();
    assertThat(p.fin()).isFalse();
    assertThat(p.desiredMinTxUs()).isEqualTo(100_000);
    assertThat(s.transmitIntervalUs()).isEqualTo(100_000); // faster at once: min(old, new)
    assertThat(s.nanosUntilDue(now)).isBetween(75 * MS, 100 * MS);
    assertThat(nextPeriodic(s).poll()).as("P until the Final").isTrue();

    s.receive(finalFromPeer(100_000), now);
    assertThat(s.polling()).isFalse();
    assertThat(nextPeriodic(s).poll()).isFalse();
  }

  @Test
  void peerEndingItsSlowStartGetsTheNextPacketAtTheNewRate() {
    // FRR's order: its Init asks for 1 s (slow start), then its Up polls with 100 ms.
    BfdSession s = session(new BfdTimers(100, 100, 3, false, 254));
    s.receive(fromPeer(DOWN, 0, 1_000_000, 1_000_000, 3), now);
    s.receive(fromPeer(UP, LOCAL, 1_000_000, 1_000_000, 3), now);
    assertThat(s.state()).isEqualTo(UP);
    assertThat(s.nanosUntilDue(now)).isGreaterThan(700 * MS); // the peer still asks for 1 s
    BfdControlPacket poll =
        BfdControlPacket.asynchronous(
            BfdDiagnostic.NO_DIAGNOSTIC,
            UP,
            true,
            false,
            3,
            BfdSessionTest.REMOTE,
            LOCAL,
            100_000,
            100_000);
    now += 5 * MS;
    assertThat(s.receive(poll, now).orElseThrow().fin()).isTrue();
    // the peer now detects within 300 ms: the next packet must not wait out the old second
    assertThat(s.nanosUntilDue(now)).isBetween(75 * MS, 100 * MS);
  }

  @Test
  void pollFromPeerIsAnsweredAtOnceWithFinalOnly() {
    BfdSession s = up(BfdTimers.DEFAULTS, 300_000, 300_000, 3);
    BfdControlPacket poll =
        BfdControlPacket.asynchronous(
            BfdDiagnostic.NO_DIAGNOSTIC,
            UP,
            true,
            false,
            3,
            BfdSessionTest.REMOTE,
            LOCAL,
            300_000,
            300_000);
    BfdControlPacket answer = s.receive(poll, now).orElseThrow();
    assertThat(answer.fin()).isTrue();
    assertThat(answer.poll()).isFalse(); // §6.5: never both, even with our own poll running
  }

  @Test
  void slowerTransmitTakesEffectOnlyAfterFinal() {
    BfdSession s = up(BfdTimers.DEFAULTS, 300_000, 300_000, 3);
    s.receive(finalFromPeer(), now);
    s.reconfigure(new BfdTimers(300, 1_000, 3, false, 254));

    assertThat(s.polling()).isTrue();
    assertThat(nextPeriodic(s).desiredMinTxUs()).isEqualTo(1_000_000);
    assertThat(s.transmitIntervalUs()).isEqualTo(300_000); // §6.8.3: not until the Final
    s.receive(finalFromPeer(), now);
    assertThat(s.transmitIntervalUs()).isEqualTo(1_000_000);
  }

  @Test
  void shorterReceiveIntervalShortensDetectionOnlyAfterFinal() {
    BfdSession s = up(BfdTimers.DEFAULTS, 100_000, 100_000, 3);
    s.receive(finalFromPeer(100_000), now);
    s.reconfigure(new BfdTimers(100, 300, 3, false, 254));

    s.receive(fromPeer(UP, LOCAL, 100_000, 100_000, 3), now);
    assertThat(s.detectionTimeUs()).isEqualTo(900_000); // §6.8.3: old RX until the Final
    s.receive(finalFromPeer(100_000), now);
    assertThat(s.detectionTimeUs()).isEqualTo(300_000);
  }

  @Test
  void changeDuringPollWaitsForItAndThenPollsAgain() {
    BfdSession s = up(BfdTimers.DEFAULTS, 300_000, 300_000, 3);
    s.receive(finalFromPeer(), now);
    s.reconfigure(new BfdTimers(300, 500, 3, false, 254));
    s.reconfigure(new BfdTimers(300, 700, 3, false, 254));
    assertThat(nextPeriodic(s).desiredMinTxUs()).isEqualTo(500_000); // §6.5

    s.receive(finalFromPeer(), now);
    assertThat(s.polling()).isTrue();
    assertThat(nextPeriodic(s).desiredMinTxUs()).isEqualTo(700_000);
    s.receive(finalFromPeer(), now);
    assertThat(s.polling()).isFalse();
  }

  @Test
  void goingDownRestoresSlowStartWithoutPoll() {
    BfdSession s = up(new BfdTimers(100, 100, 3, false, 254), 100_000, 100_000, 3);
    BfdControlPacket p = s.receive(fromPeer(DOWN, LOCAL, 100_000, 100_000, 3), now).orElseThrow();
    assertThat(s.polling()).isFalse();
    assertThat(s.transmitIntervalUs()).isEqualTo(1_000_000);
    assertThat(p.desiredMinTxUs()).isEqualTo(1_000_000);
  }

  @Test
  void jitterKeepsIntervalsBetween75And100PercentOver1000Packets() {
    Random random = new Random(12345);
    for (int i = 0; i < 1_000; i++) {
      assertThat(BfdJitter.apply(random, 300 * MS, 3)).isBetween(225 * MS, 300 * MS);
    }
  }

  @Test
  void jitterWithDetectMultiplierOneStaysBetween75And90Percent() {
    Random random = new Random(12345);
    for (int i = 0; i < 1_000; i++) {
      assertThat(BfdJitter.apply(random, 300 * MS, 1)).isBetween(225 * MS, 270 * MS);
    }
  }

  @Test
  void sessionSpacesPeriodicPacketsWithJitter() {
    BfdSession s = up(new BfdTimers(300, 300, 1, false, 254), 300_000, 300_000, 3);
    long low = Long.MAX_VALUE;
    long high = 0;
    for (int i = 0; i < 1_000; i++) {
      s.tick(now);
      long gap = s.nanosUntilDue(now);
      low = Math.min(low, gap);
      high = Math.max(high, gap);
      now += gap;
      s.receive(fromPeer(UP, LOCAL), now);
    }
    assertThat(low).isGreaterThanOrEqualTo(225 * MS);
    assertThat(high).isLessThanOrEqualTo(270 * MS);
    assertThat(high - low).as("jitter actually varies").isGreaterThan(20 * MS);
  }

  @Test
  void passiveSessionStaysSilentUntilHeard() {
    BfdSession s = session(new BfdTimers(300, 300, 3, true, 254));
    assertThat(s.tick(now)).isEmpty();
    assertThat(s.nanosUntilDue(now)).isEqualTo(Long.MAX_VALUE);

    assertThat(s.receive(fromPeer(DOWN, 0), now)).isPresent(); // §6.8.7: now it may speak
    assertThat(s.state()).isEqualTo(BfdState.INIT);
  }

  @Test
  void passiveSessionFallsSilentAgainWhenDetectionExpires() {
    BfdSession s = session(new BfdTimers(300, 300, 3, true, 254));
    s.receive(fromPeer(DOWN, 0), now);
    assertThat(s.tick(now + 900 * MS)).isEmpty(); // Init -> Down; RemoteDiscr 0 silences it
    assertThat(s.remoteDiscriminator()).isZero();
    assertThat(s.tick(now + 5_000 * MS)).isEmpty();
  }

  /** Moves the clock to the session's next periodic packet, which must come before detection. */
  private BfdControlPacket nextPeriodic(BfdSession s) {
    now += s.nanosUntilDue(now);
    return s.tick(now).orElseThrow();
  }

  private static BfdControlPacket finalFromPeer() {
    return finalFromPeer(300_000);
  }

  private static BfdControlPacket finalFromPeer(long intervalUs) {
    return BfdControlPacket.asynchronous(
        BfdDiagnostic.NO_DIAGNOSTIC,
        UP,
        false,
        true,
        3,
        BfdSessionTest.REMOTE,
        LOCAL,
        intervalUs,
        intervalUs);
  }
}
