package io.ironlb.core.alloc;

/** The result of an attempt to give a Service IPs: what it got, or why not, in words. */
sealed interface AllocationOutcome {

  /**
   * The Service now holds {@code allocation}; {@code termsChanged} when its sharing terms moved.
   */
  record Granted(Allocation allocation, boolean termsChanged) implements AllocationOutcome {}

  /** Nothing changed; {@code reason} says why, for an {@code AllocationFailed} Event. */
  record Refused(String reason) implements AllocationOutcome {}
}
