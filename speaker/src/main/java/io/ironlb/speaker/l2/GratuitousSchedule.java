package io.ironlb.speaker.l2;

import java.time.Duration;
import java.util.Objects;

/**
 * When gratuitous ARP / unsolicited NA frames are sent for an (interface, IP) pair (METALLB-API
 * §4.4): at once when the pair appears, then every {@code repeatEvery} while no more than {@code
 * repeatFor} has passed since the pair was last set, then every {@code refreshEvery} (IronLB's
 * addition, so a switch or client that missed the burst still learns; {@link Duration#ZERO} turns
 * it off).
 *
 * @param repeatEvery interval of the burst (MetalLB: 1100 ms)
 * @param repeatFor how long the burst lasts after the last set (MetalLB: 5 s)
 * @param refreshEvery interval after the burst, or zero for never
 */
public record GratuitousSchedule(Duration repeatEvery, Duration repeatFor, Duration refreshEvery) {

  /** Validates: positive repeat interval, non-negative window and refresh. */
  public GratuitousSchedule {
    Objects.requireNonNull(repeatEvery, "repeatEvery");
    Objects.requireNonNull(repeatFor, "repeatFor");
    Objects.requireNonNull(refreshEvery, "refreshEvery");
    if (repeatEvery.isNegative() || repeatEvery.isZero()) {
      throw new IllegalArgumentException("repeatEvery must be positive: " + repeatEvery);
    }
    if (repeatFor.isNegative() || refreshEvery.isNegative()) {
      throw new IllegalArgumentException("repeatFor and refreshEvery must not be negative");
    }
  }

  /** MetalLB's 1100 ms for 5 s, then a refresh every 60 s. */
  public static GratuitousSchedule defaults() {
    return new GratuitousSchedule(
        Duration.ofMillis(1100), Duration.ofSeconds(5), Duration.ofSeconds(60));
  }
}
