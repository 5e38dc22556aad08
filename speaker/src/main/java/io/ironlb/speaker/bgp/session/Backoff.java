package io.ironlb.speaker.bgp.session;

import java.time.Duration;
import java.util.Objects;

/**
 * The wait before the next connection attempt (RFC 4271 §8.1.1 IdleHoldTime,
 * "DampPeerOscillations"): 1 s, doubling on every failure up to a cap (2 min by default, as
 * MetalLB's native speaker, METALLB-API.md §5.2), and back to 1 s once a session stayed Established
 * for {@link #STABLE}.
 */
final class Backoff {

  static final Duration INITIAL = Duration.ofSeconds(1);

  /** How long a session must stay Established before the backoff starts over. */
  static final Duration STABLE = Duration.ofSeconds(60);

  private final Duration max;
  private Duration next = INITIAL;

  Backoff(Duration max) {
    this.max = Objects.requireNonNull(max, "max");
  }

  /** The wait for this failure; the next one waits twice as long, up to the cap. */
  Duration next() {
    Duration now = next.compareTo(max) > 0 ? max : next;
    next = now.multipliedBy(2);
    return now;
  }

  /** A stable session: the next failure waits 1 s again. */
  void reset() {
    next = INITIAL;
  }
}
