package io.ironlb.speaker.bgp.bfd;

import java.util.random.RandomGenerator;

/** RFC 5880 §6.8.7 per-packet jitter of the transmit interval. */
final class BfdJitter {

  private BfdJitter() {}

  /**
   * {@code intervalNanos} reduced by a random 0-25% (so 75-100% of it); with a Detect Mult of 1, by
   * 10-25% (75-90%), so that one late packet cannot expire the peer's detection timer.
   */
  static long apply(RandomGenerator random, long intervalNanos, int detectMultiplier) {
    double highest = detectMultiplier == 1 ? 0.90 : 1.0;
    double fraction = 0.75 + (highest - 0.75) * random.nextDouble();
    return (long) (intervalNanos * fraction);
  }
}
