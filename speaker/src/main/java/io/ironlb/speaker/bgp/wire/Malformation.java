package io.ironlb.speaker.bgp.wire;

import java.util.Objects;

/**
 * A problem found in a received UPDATE that RFC 7606 handles without resetting the session: the
 * UPDATE still decodes, and the session acts on {@link #action()}.
 *
 * @param error the error RFC 4271 §6.3 would have sent (for logs and metrics)
 * @param attributeType the attribute concerned, or 0 when the attribute list itself is broken
 * @param action what RFC 7606 says to do
 * @param reason human-readable detail
 */
public record Malformation(BgpError error, int attributeType, Action action, String reason) {

  /** The approaches of RFC 7606 §2, strongest first. */
  public enum Action {
    /** NOTIFICATION and close: never inside an {@link Update}, thrown as a codec exception. */
    SESSION_RESET,
    /** All routes of the UPDATE are withdrawn (RFC 7606 §2 "treat-as-withdraw"). */
    TREAT_AS_WITHDRAW,
    /** The attribute is dropped and the UPDATE processed without it (RFC 7606 §2). */
    ATTRIBUTE_DISCARD
  }

  public Malformation {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    if (action == Action.SESSION_RESET) {
      throw new IllegalArgumentException("a session reset is thrown, not recorded");
    }
  }
}
