package io.ironlb.speaker.membership;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Membership timers and the optional shared key.
 *
 * <p>A peer is dead once no valid heartbeat arrived for {@link #detectionTime()} = {@code interval
 * x multiplier}. {@code startupGrace} bounds how long a starting speaker waits to hear every listed
 * peer before it considers its view settled. {@code key}, when present, authenticates every
 * heartbeat with HMAC-SHA256 (see {@link HeartbeatCodec}).
 *
 * @param interval heartbeat period, at least 1 ms
 * @param multiplier missed intervals before a peer is dead, 1..255
 * @param startupGrace time after start after which the view is settled even if some peer was never
 *     heard, not negative
 * @param key shared HMAC key (not empty when present); the record keeps its own copy
 */
public record MembershipConfig(
    Duration interval, int multiplier, Duration startupGrace, Optional<byte[]> key) {

  static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
  static final int DEFAULT_MULTIPLIER = 3;

  public MembershipConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(startupGrace, "startupGrace");
    Objects.requireNonNull(key, "key");
    if (interval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least 1 ms: " + interval);
    }
    if (multiplier < 1 || multiplier > 255) {
      throw new IllegalArgumentException("multiplier must be 1..255: " + multiplier);
    }
    if (startupGrace.isNegative()) {
      throw new IllegalArgumentException("startupGrace must not be negative: " + startupGrace);
    }
    if (key.isPresent() && key.get().length == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
    key = key.map(byte[]::clone);
  }

  /** 100 ms interval, multiplier 3 (dead after 300 ms), grace 900 ms, no key. */
  public static MembershipConfig defaults() {
    return new MembershipConfig(
        DEFAULT_INTERVAL,
        DEFAULT_MULTIPLIER,
        DEFAULT_INTERVAL.multipliedBy(3L * DEFAULT_MULTIPLIER),
        Optional.empty());
  }

  /** A copy with this key (for {@code --membership-key-file} style wiring). */
  public MembershipConfig withKey(byte[] newKey) {
    return new MembershipConfig(interval, multiplier, startupGrace, Optional.of(newKey));
  }

  /** The key, as a copy (the record never hands out its own array). */
  @Override
  public Optional<byte[]> key() {
    return key.map(byte[]::clone);
  }

  /** How long a peer may stay silent before it is dead: {@code interval x multiplier}. */
  public Duration detectionTime() {
    return interval.multipliedBy(multiplier);
  }

  @Override
  public String toString() {
    return "MembershipConfig[interval=%s, multiplier=%d, startupGrace=%s, key=%s]"
        .formatted(interval, multiplier, startupGrace, key.isPresent() ? "<set>" : "<none>");
  }
}
