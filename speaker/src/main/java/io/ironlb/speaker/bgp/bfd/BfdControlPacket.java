package io.ironlb.speaker.bgp.bfd;

import java.util.Objects;

/**
 * One BFD Control packet (RFC 5880 §4.1), version 1, without an authentication section. Intervals
 * are in microseconds, as on the wire; discriminators and intervals are unsigned 32-bit values held
 * in a {@code long}.
 *
 * <p>The constructor checks only what the fields can hold; the RFC 5880 §6.8.6 reception rules
 * (non-zero multiplier and discriminator, no M bit, ...) are the decoder's, so a test can build the
 * packets a broken peer would send.
 *
 * @param diagnostic the sender's reason for its last state change
 * @param state the sender's session state
 * @param poll P: the sender asks for a Final (a Poll Sequence, §6.5)
 * @param fin F: the answer to a Poll
 * @param controlPlaneIndependent C: BFD runs independently of the control plane (never for us)
 * @param authenticated A: an authentication section follows (never encoded by IronLB)
 * @param demand D: the sender wants to run in Demand mode
 * @param multipoint M: reserved for point-to-multipoint, must be zero
 * @param detectMultiplier Detect Mult, 0..255
 * @param myDiscriminator the sender's discriminator
 * @param yourDiscriminator the receiver's discriminator as the sender knows it, 0 if unknown
 * @param desiredMinTxUs Desired Min TX Interval, µs
 * @param requiredMinRxUs Required Min RX Interval, µs
 * @param requiredMinEchoRxUs Required Min Echo RX Interval, µs (0: no Echo)
 */
public record BfdControlPacket(
    BfdDiagnostic diagnostic,
    BfdState state,
    boolean poll,
    boolean fin,
    boolean controlPlaneIndependent,
    boolean authenticated,
    boolean demand,
    boolean multipoint,
    int detectMultiplier,
    long myDiscriminator,
    long yourDiscriminator,
    long desiredMinTxUs,
    long requiredMinRxUs,
    long requiredMinEchoRxUs) {

  /** RFC 5880 §4.1: the protocol version. */
  public static final int VERSION = 1;

  /** Largest value of a 32-bit unsigned field. */
  public static final long MAX_UNSIGNED_32 = 0xFFFF_FFFFL;

  public BfdControlPacket {
    Objects.requireNonNull(diagnostic, "diagnostic");
    Objects.requireNonNull(state, "state");
    if (detectMultiplier < 0 || detectMultiplier > 255) {
      throw new IllegalArgumentException("detectMultiplier is 8 bits: " + detectMultiplier);
    }
    checkUnsigned32("myDiscriminator", myDiscriminator);
    checkUnsigned32("yourDiscriminator", yourDiscriminator);
    checkUnsigned32("desiredMinTxUs", desiredMinTxUs);
    checkUnsigned32("requiredMinRxUs", requiredMinRxUs);
    checkUnsigned32("requiredMinEchoRxUs", requiredMinEchoRxUs);
  }

  /**
   * The packet a session in asynchronous mode sends (RFC 5880 §6.8.7): C, A, D and M clear, no
   * Echo.
   */
  static BfdControlPacket asynchronous(
      BfdDiagnostic diagnostic,
      BfdState state,
      boolean poll,
      boolean fin,
      int detectMultiplier,
      long myDiscriminator,
      long yourDiscriminator,
      long desiredMinTxUs,
      long requiredMinRxUs) {
    return new BfdControlPacket(
        diagnostic,
        state,
        poll,
        fin,
        false,
        false,
        false,
        false,
        detectMultiplier,
        myDiscriminator,
        yourDiscriminator,
        desiredMinTxUs,
        requiredMinRxUs,
        0);
  }

  private static void checkUnsigned32(String name, long value) {
    if (value < 0 || value > MAX_UNSIGNED_32) {
      throw new IllegalArgumentException(name + " is unsigned 32-bit: " + value);
    }
  }
}
