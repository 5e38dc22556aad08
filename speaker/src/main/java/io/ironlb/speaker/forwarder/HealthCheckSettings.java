package io.ironlb.speaker.forwarder;

import java.time.Duration;
import java.util.Objects;

/**
 * Active health checks of TCP targets: a TCP connect every {@code interval}; {@code fall}
 * consecutive failures make a target unhealthy, {@code rise} consecutive successes healthy again. A
 * failed connect of a relayed connection counts as a failed check too.
 *
 * @param interval time between checks of one target
 * @param timeout how long a check's connect may take
 * @param fall consecutive failures that mark a healthy target down
 * @param rise consecutive successes that mark an unhealthy target up
 */
public record HealthCheckSettings(Duration interval, Duration timeout, int fall, int rise) {

  /** Every 2 s, 1 s timeout, down after 3 failures, up after 2 successes (HAProxy's defaults). */
  public static final HealthCheckSettings DEFAULT =
      new HealthCheckSettings(Duration.ofSeconds(2), Duration.ofSeconds(1), 3, 2);

  public HealthCheckSettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (interval.toMillis() < 1 || timeout.toMillis() < 1 || fall < 1 || rise < 1) {
      throw new IllegalArgumentException("health check settings must be positive");
    }
  }
}
