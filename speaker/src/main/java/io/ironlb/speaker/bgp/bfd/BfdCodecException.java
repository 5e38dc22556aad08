package io.ironlb.speaker.bgp.bfd;

import java.util.Objects;

/**
 * A datagram that is not an acceptable BFD Control packet (RFC 5880 §6.8.6: "the packet MUST be
 * discarded"). The datagram is dropped; the session never sees it.
 */
public final class BfdCodecException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the datagram was discarded (closed set, usable as a metric label). */
  public enum Reason {
    /** Fewer than 24 bytes: not even the mandatory section. */
    TRUNCATED,
    /** Version is not 1. */
    BAD_VERSION,
    /** Length field below 24 (26 with the A bit) or above the datagram. */
    BAD_LENGTH,
    /** Diag 9..31: reserved, not defined by RFC 5880. */
    UNKNOWN_DIAGNOSTIC,
    /** Detect Mult is zero. */
    ZERO_DETECT_MULTIPLIER,
    /** The M bit is set (multipoint, reserved). */
    MULTIPOINT,
    /** My Discriminator is zero. */
    ZERO_MY_DISCRIMINATOR,
    /** Your Discriminator is zero while State is Init or Up. */
    ZERO_YOUR_DISCRIMINATOR,
    /** The A bit is set: IronLB does not implement BFD authentication. */
    AUTHENTICATION_NOT_SUPPORTED
  }

  private final Reason reason;

  public BfdCodecException(Reason reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
