package io.ironlb.speaker.bgp.wire;

import io.netty.handler.codec.DecoderException;
import java.util.Objects;

/**
 * Malformed BGP input: carries the RFC error ({@link BgpError}) and the NOTIFICATION's Data field,
 * so the session answers with exactly that NOTIFICATION (RFC 4271 §6) and closes.
 *
 * <p>Extends Netty's {@link DecoderException} so that {@code ByteToMessageDecoder} passes it to
 * {@code exceptionCaught} unwrapped.
 */
public final class BgpCodecException extends DecoderException {

  private static final long serialVersionUID = 1L;

  private final BgpError error;
  private final transient byte[] data;
  private final String detail;

  /** An error with the RFC's data bytes (copied). */
  public BgpCodecException(BgpError error, byte[] data, String message) {
    super(error + ": " + message);
    this.error = Objects.requireNonNull(error, "error");
    this.data = data.clone();
    this.detail = message;
  }

  /** An error whose NOTIFICATION carries no data. */
  public BgpCodecException(BgpError error, String message) {
    this(error, new byte[0], message);
  }

  /** The (code, subcode) to send. */
  public BgpError error() {
    return error;
  }

  /** The NOTIFICATION Data field (a copy). */
  public byte[] data() {
    return data.clone();
  }

  /** What was wrong, without the error name. */
  public String detail() {
    return detail;
  }

  /** The same error with {@code data} as its NOTIFICATION data. */
  public BgpCodecException withData(byte[] data) {
    return new BgpCodecException(error, data, detail);
  }

  /** The NOTIFICATION this error is answered with. */
  public Notification toNotification() {
    return new Notification(error, data);
  }

  /** Throws {@code error} unless {@code condition} holds. */
  static void require(boolean condition, BgpError error, String message) {
    if (!condition) {
      throw new BgpCodecException(error, message);
    }
  }
}
