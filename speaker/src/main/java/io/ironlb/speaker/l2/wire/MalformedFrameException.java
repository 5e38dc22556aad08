package io.ironlb.speaker.l2.wire;

/**
 * A frame that is truncated or inconsistent with the protocol it claims to carry. Checked, so that
 * every receive path decides explicitly what to do (the responders count it and move on).
 */
public final class MalformedFrameException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A frame rejected for {@code reason} (a short phrase naming the field and the rule). */
  public MalformedFrameException(String reason) {
    super(reason, null, false, false); // no stack trace: thrown per hostile packet, must be cheap
  }

  /** Throws unless {@code need} bytes are available from {@code offset} within {@code length}. */
  static void require(int length, int offset, int need, String what)
      throws MalformedFrameException {
    if (offset < 0 || need < 0 || offset > length - need) {
      throw new MalformedFrameException(
          what + " truncated: needs " + need + " bytes at " + offset + ", frame has " + length);
    }
  }
}
