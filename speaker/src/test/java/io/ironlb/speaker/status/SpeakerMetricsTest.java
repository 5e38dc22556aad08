package io.ironlb.speaker.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeakerMetricsTest {

  @Test
  void membershipPausesAreCounted() {
    SpeakerMetrics metrics = new SpeakerMetrics();
    assertThat(metrics.registry().scrape())
        .containsPattern("(?m)^ironlb_membership_pauses_total 0");

    metrics.membershipPause();
    metrics.membershipPause();

    assertThat(metrics.registry().scrape())
        .containsPattern("(?m)^ironlb_membership_pauses_total 2");
  }
}
