package io.ironlb.speaker.membership;

import java.util.Objects;

/** A datagram that is not a valid heartbeat for this codec; the datagram is dropped. */
public class MalformedHeartbeatException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the datagram was rejected (closed set, usable as a metric label). */
  public enum Reason {
    TOO_SHORT,
    TOO_LONG,
    BAD_MAGIC,
    BAD_VERSION,
    BAD_FLAGS,
    BAD_LENGTH,
    BAD_NAME,
    BAD_SEQUENCE,
    MISSING_MAC,
    UNEXPECTED_MAC,
    BAD_MAC
  }

  private final Reason reason;

  public MalformedHeartbeatException(Reason reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
