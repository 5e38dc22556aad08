package io.ironlb.core.config;

import io.ironlb.api.v1beta2.BGPPeerSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * BGPPeer timers (METALLB-API.md §1.4, V14), as MetalLB's {@code parseTimers}: with one of hold and
 * keepalive given the other is derived (keepalive = hold / 3, hold = keepalive x 3); the hold time
 * truncated to whole seconds must be 0 or at least 3s (RFC 4271 §4.2); keepalive must not exceed
 * hold. With neither, IronLB's speaker uses MetalLB native's 90s hold (so 30s keepalive).
 */
final class PeerTimers {

  static final Duration DEFAULT_HOLD = Duration.ofSeconds(90);
  private static final Duration MIN_HOLD = Duration.ofSeconds(3);

  private PeerTimers() {}

  /** The timers of {@code s}; empty (with problems on {@code p}) when they are invalid. */
  static Optional<BgpPeerConfig.Timers> parse(BGPPeerSpec s, Problems p) {
    Optional<Duration> givenHold = duration(s.getHoldTime(), "spec.holdTime", p);
    Optional<Duration> givenKeepalive = duration(s.getKeepaliveTime(), "spec.keepaliveTime", p);
    Optional<Duration> connect = connectTime(s.getConnectTime(), p);
    if (failed(s.getHoldTime(), givenHold)
        || failed(s.getKeepaliveTime(), givenKeepalive)
        || failed(s.getConnectTime(), connect)) {
      return Optional.empty();
    }
    Duration hold =
        givenHold.orElse(givenKeepalive.map(k -> k.multipliedBy(3)).orElse(DEFAULT_HOLD));
    Duration keepalive = givenKeepalive.orElse(hold.dividedBy(3));
    long seconds = hold.toSeconds(); // Go: int(holdTime.Seconds()) truncates
    if (seconds != 0 && seconds < MIN_HOLD.toSeconds()) {
      if (givenHold.isPresent()) {
        p.reject("spec.holdTime", "invalid hold time " + text(hold) + ": must be 0 or at least 3s");
      } else {
        p.reject(
            "spec.keepaliveTime",
            "hold time derived from keepaliveTime (3 x "
                + text(keepalive)
                + " = "
                + text(hold)
                + ") must be 0 or at least 3s");
      }
    }
    boolean holdOk = seconds == 0 || seconds >= MIN_HOLD.toSeconds();
    if (keepalive.compareTo(hold) > 0) {
      p.reject(
          "spec.keepaliveTime",
          "invalid keepaliveTime " + text(keepalive) + ": must not exceed holdTime " + text(hold));
    }
    return holdOk && keepalive.compareTo(hold) <= 0
        ? Optional.of(new BgpPeerConfig.Timers(hold, keepalive, connect))
        : Optional.empty();
  }

  /** Whether {@code text} was given but did not parse (the problem is already reported). */
  private static boolean failed(String text, Optional<Duration> parsed) {
    return Crs.isSet(text) && parsed.isEmpty();
  }

  private static Optional<Duration> duration(String text, String field, Problems p) {
    if (!Crs.isSet(text)) {
      return Optional.empty();
    }
    try {
      Duration d = GoDuration.parse(text);
      if (d.isNegative()) {
        p.reject(field, "invalid duration \"" + text + "\": must not be negative");
        return Optional.empty();
      }
      return Optional.of(d);
    } catch (IllegalArgumentException e) {
      p.reject(field, e.getMessage());
      return Optional.empty();
    }
  }

  /** The schema's rule, checked again: whole seconds, 1..65535. */
  private static Optional<Duration> connectTime(String text, Problems p) {
    Optional<Duration> d = duration(text, "spec.connectTime", p);
    if (d.isPresent()
        && (d.get().toNanosPart() != 0 || d.get().toSeconds() < 1 || d.get().toSeconds() > 65535)) {
      p.reject(
          "spec.connectTime",
          "invalid connectTime \"" + text + "\": must be whole seconds between 1s and 65535s");
      return Optional.empty();
    }
    return d;
  }

  private static String text(Duration d) {
    return GoDuration.format(d);
  }
}
