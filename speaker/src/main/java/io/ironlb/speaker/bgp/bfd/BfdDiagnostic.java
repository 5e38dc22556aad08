package io.ironlb.speaker.bgp.bfd;

import java.util.Optional;

/** The local system's reason for the last state change (RFC 5880 §4.1 "Diag", 5 bits). */
public enum BfdDiagnostic {
  NO_DIAGNOSTIC(0),
  CONTROL_DETECTION_TIME_EXPIRED(1),
  ECHO_FUNCTION_FAILED(2),
  NEIGHBOR_SIGNALED_SESSION_DOWN(3),
  FORWARDING_PLANE_RESET(4),
  PATH_DOWN(5),
  CONCATENATED_PATH_DOWN(6),
  ADMINISTRATIVELY_DOWN(7),
  REVERSE_CONCATENATED_PATH_DOWN(8);

  private final int wireValue;

  BfdDiagnostic(int wireValue) {
    this.wireValue = wireValue;
  }

  public int wireValue() {
    return wireValue;
  }

  /** The diagnostic for {@code value}; empty for 9..31 (reserved) and anything outside 5 bits. */
  public static Optional<BfdDiagnostic> fromWire(int value) {
    BfdDiagnostic[] all = values();
    return value >= 0 && value < all.length ? Optional.of(all[value]) : Optional.empty();
  }
}
