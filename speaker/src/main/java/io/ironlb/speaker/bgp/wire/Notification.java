package io.ironlb.speaker.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * NOTIFICATION (RFC 4271 §4.5): an error, after which the connection is closed.
 *
 * @param error the (code, subcode); a received unknown pair is mapped by {@link
 *     BgpError#fromWire(int, int)}
 * @param data the Data field, whose meaning depends on the error (copied in and out)
 */
public record Notification(BgpError error, byte[] data) implements BgpMessage {

  /** Data bytes that fit in one message: 4096 - 19 (header) - 2 (code, subcode). */
  public static final int MAX_DATA_LENGTH = BgpMessageDecoder.MAX_MESSAGE_LENGTH - 21;

  public Notification {
    Objects.requireNonNull(error, "error");
    if (data.length > MAX_DATA_LENGTH) {
      throw new IllegalArgumentException("NOTIFICATION data too long: " + data.length);
    }
    data = data.clone();
  }

  /** A NOTIFICATION without data. */
  public Notification(BgpError error) {
    this(error, new byte[0]);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public MessageType type() {
    return MessageType.NOTIFICATION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Notification n && n.error == error && Arrays.equals(n.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * error.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Notification[" + error + ", data=" + HexFormat.of().formatHex(data) + "]";
  }
}
