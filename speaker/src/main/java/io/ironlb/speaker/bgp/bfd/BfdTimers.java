package io.ironlb.speaker.bgp.bfd;

import io.ironlb.core.config.BfdProfileConfig;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one BFD session is configured with, taken from a {@code BFDProfile}.
 *
 * @param receiveIntervalMs bfd.RequiredMinRxInterval in ms, at least 1
 * @param transmitIntervalMs bfd.DesiredMinTxInterval in ms once Up, at least 1 (RFC 5880 §6.8.3
 *     keeps it at 1 s or more while not Up)
 * @param detectMultiplier bfd.DetectMult, 1..255
 * @param passive take the Passive role: send nothing until the peer's first packet (§6.1)
 * @param minimumTtl lowest accepted TTL / hop limit of received multihop packets, 1..255; single
 *     hop always requires 255 (RFC 5881 §5)
 */
public record BfdTimers(
    int receiveIntervalMs,
    int transmitIntervalMs,
    int detectMultiplier,
    boolean passive,
    int minimumTtl) {

  private static final Logger LOG = LoggerFactory.getLogger(BfdTimers.class);

  /** MetalLB's and FRR's defaults: 300 ms both ways, multiplier 3, active, minimum TTL 254. */
  public static final BfdTimers DEFAULTS = new BfdTimers(300, 300, 3, false, 254);

  public BfdTimers {
    if (receiveIntervalMs < 1 || transmitIntervalMs < 1) {
      throw new IllegalArgumentException(
          "intervals must be at least 1 ms: rx "
              + receiveIntervalMs
              + ", tx "
              + transmitIntervalMs);
    }
    if (detectMultiplier < 1 || detectMultiplier > 255) {
      throw new IllegalArgumentException("detectMultiplier must be 1..255: " + detectMultiplier);
    }
    if (minimumTtl < 1 || minimumTtl > 255) {
      throw new IllegalArgumentException("minimumTtl must be 1..255: " + minimumTtl);
    }
  }

  /**
   * The timers of a validated profile. Echo mode is not implemented: a profile asking for it is
   * logged at WARN and the session runs in asynchronous mode without Echo; {@code echoInterval} is
   * ignored.
   */
  public static BfdTimers from(BfdProfileConfig profile) {
    Objects.requireNonNull(profile, "profile");
    if (profile.echoMode()) {
      LOG.warn(
          "BFDProfile {} asks for echo mode, which IronLB does not implement; "
              + "running asynchronous mode without echo",
          profile.name());
    }
    return new BfdTimers(
        profile.receiveIntervalMs(),
        profile.transmitIntervalMs(),
        profile.detectMultiplier(),
        profile.passiveMode(),
        profile.minimumTtl());
  }

  long receiveIntervalUs() {
    return receiveIntervalMs * 1_000L;
  }

  long transmitIntervalUs() {
    return transmitIntervalMs * 1_000L;
  }
}
