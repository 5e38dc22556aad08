package io.ironlb.speaker.bgp.bfd;

import static io.ironlb.speaker.bgp.bfd.BfdDiagnostic.ADMINISTRATIVELY_DOWN;
import static io.ironlb.speaker.bgp.bfd.BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED;
import static io.ironlb.speaker.bgp.bfd.BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN;
import static io.ironlb.speaker.bgp.bfd.BfdState.ADMIN_DOWN;
import static io.ironlb.speaker.bgp.bfd.BfdState.DOWN;
import static io.ironlb.speaker.bgp.bfd.BfdState.INIT;
import static io.ironlb.speaker.bgp.bfd.BfdState.UP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two sessions back to back through the codec, with a fake clock. */
class BfdSessionPairTest {

  static final BfdTimers FAST = new BfdTimers(100, 100, 3, false, 254);
  static final BfdTimers PASSIVE = new BfdTimers(100, 100, 3, true, 254);

  @Test
  void bothSidesGoDownInitUpTogether() {
    BackToBack pair = new BackToBack(BfdTimers.DEFAULTS, BfdTimers.DEFAULTS);
    pair.runFor(Duration.ofMillis(1));

    assertThat(pair.a.state()).isEqualTo(UP);
    assertThat(pair.b.state()).isEqualTo(UP);
    assertThat(pair.aEvents.states()).containsExactly(INIT, UP);
    assertThat(pair.bEvents.states()).containsExactly(INIT, UP);
    assertThat(pair.a.remoteDiscriminator()).isEqualTo(BackToBack.B_DISCRIMINATOR);
    assertThat(pair.b.remoteDiscriminator()).isEqualTo(BackToBack.A_DISCRIMINATOR);
  }

  @Test
  void upPairEndsPollsAndStaysUpAtNegotiatedRate() {
    BackToBack pair = new BackToBack(FAST, new BfdTimers(200, 50, 5, false, 254));
    pair.runFor(Duration.ofSeconds(10));

    assertThat(pair.aEvents.states()).containsExactly(INIT, UP);
    assertThat(pair.bEvents.states()).containsExactly(INIT, UP);
    assertThat(pair.a.polling()).isFalse();
    assertThat(pair.b.polling()).isFalse();
    // a sends at max(100, b's RX 200) = 200 ms; b at max(50, a's RX 100) = 100 ms
    assertThat(pair.a.transmitIntervalUs()).isEqualTo(200_000);
    assertThat(pair.b.transmitIntervalUs()).isEqualTo(100_000);
    // a detects with b's x5 over max(100, 50); b with a's x3 over max(200, 100)
    assertThat(pair.a.detectionTimeUs()).isEqualTo(500_000);
    assertThat(pair.b.detectionTimeUs()).isEqualTo(600_000);
    // roughly 10 s / 175 ms and 10 s / 87.5 ms periodic packets (mean jitter 12.5%)
    assertThat(pair.sentByA.size()).isBetween(45, 70);
    assertThat(pair.sentByB.size()).isBetween(95, 130);
  }

  @Test
  void everyPollIsAnsweredByAFinal() {
    BackToBack pair = new BackToBack(FAST, FAST);
    pair.runFor(Duration.ofSeconds(3));
    pair.a.reconfigure(new BfdTimers(100, 300, 3, false, 254));
    pair.runFor(Duration.ofSeconds(3));

    assertThat(pair.sentByA).anyMatch(BfdControlPacket::poll);
    assertThat(pair.sentByB.stream().filter(BfdControlPacket::fin).count())
        .isGreaterThanOrEqualTo(pair.sentByA.stream().filter(BfdControlPacket::poll).count());
    assertThat(pair.sentByA).noneMatch(p -> p.poll() && p.fin());
    assertThat(pair.a.polling()).isFalse();
    assertThat(pair.a.transmitIntervalUs()).isEqualTo(300_000);
  }

  @Test
  void cutLinkDropsBothSidesAfterDetectionTime() {
    BackToBack pair = new BackToBack(FAST, FAST);
    pair.runFor(Duration.ofSeconds(3));
    pair.bToA = false; // a hears nothing more

    pair.runFor(Duration.ofSeconds(1));

    // RFC 5880 §6.8.4: 3 x 100 ms after the last packet a heard, to the nanosecond
    assertThat(pair.aLeftUpAt - pair.aHeardAt).isEqualTo(300_000_000L);
    assertThat(pair.a.state()).isEqualTo(DOWN);
    assertThat(pair.aEvents.last().why()).isEqualTo(CONTROL_DETECTION_TIME_EXPIRED);
    // a told b it is Down: b drops at once, on a's word
    assertThat(pair.b.state()).isEqualTo(DOWN);
    assertThat(pair.bEvents.last().why()).isEqualTo(NEIGHBOR_SIGNALED_SESSION_DOWN);
  }

  @Test
  void healedLinkComesBackUp() {
    BackToBack pair = new BackToBack(FAST, FAST);
    pair.runFor(Duration.ofSeconds(1));
    pair.aToB = false;
    pair.bToA = false;
    pair.runFor(Duration.ofSeconds(2));
    assertThat(pair.a.state()).isEqualTo(DOWN);
    pair.aToB = true;
    pair.bToA = true;
    pair.runFor(Duration.ofSeconds(3));
    assertThat(pair.a.state()).isEqualTo(UP);
    assertThat(pair.b.state()).isEqualTo(UP);
  }

  @Test
  void passiveSideWaitsAndActiveSideBringsItUp() {
    BackToBack pair = new BackToBack(FAST, PASSIVE);
    pair.aToB = false;
    pair.runFor(Duration.ofSeconds(3));
    assertThat(pair.sentByB).isEmpty(); // RFC 5880 §6.8.7: never the first to speak

    pair.aToB = true;
    pair.runFor(Duration.ofSeconds(2));
    assertThat(pair.a.state()).isEqualTo(UP);
    assertThat(pair.b.state()).isEqualTo(UP);
  }

  @Test
  void twoPassiveSidesNeverTalk() {
    BackToBack pair = new BackToBack(PASSIVE, PASSIVE);
    pair.runFor(Duration.ofSeconds(5));
    assertThat(pair.sentByA).isEmpty();
    assertThat(pair.sentByB).isEmpty();
    assertThat(pair.a.state()).isEqualTo(DOWN);
  }

  @Test
  void adminDownOnOneSideTakesTheOtherDownAndBackUpAfterwards() {
    BackToBack pair = new BackToBack(FAST, FAST);
    pair.runFor(Duration.ofSeconds(2));

    pair.a.adminDown();
    pair.runFor(Duration.ofSeconds(2));
    assertThat(pair.a.state()).isEqualTo(ADMIN_DOWN);
    assertThat(pair.aEvents.last().why()).isEqualTo(ADMINISTRATIVELY_DOWN);
    assertThat(pair.b.state()).isEqualTo(DOWN);
    assertThat(pair.b.remoteState()).isEqualTo(ADMIN_DOWN);

    pair.a.adminUp();
    pair.runFor(Duration.ofSeconds(3));
    assertThat(pair.a.state()).isEqualTo(UP);
    assertThat(pair.b.state()).isEqualTo(UP);
  }
}
