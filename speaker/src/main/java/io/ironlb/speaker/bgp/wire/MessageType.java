package io.ironlb.speaker.bgp.wire;

/** The message Type octet (RFC 4271 §4.1, RFC 2918 §3) with each type's length bounds. */
public enum MessageType {
  OPEN(1, 29, BgpMessageDecoder.MAX_MESSAGE_LENGTH), // RFC 4271 §4.2
  UPDATE(2, 23, BgpMessageDecoder.MAX_MESSAGE_LENGTH), // RFC 4271 §4.3
  NOTIFICATION(3, 21, BgpMessageDecoder.MAX_MESSAGE_LENGTH), // RFC 4271 §4.5
  KEEPALIVE(4, 19, 19), // RFC 4271 §4.4
  ROUTE_REFRESH(5, 23, 23); // RFC 2918 §3

  private final int wireValue;
  private final int minLength;
  private final int maxLength;

  MessageType(int wireValue, int minLength, int maxLength) {
    this.wireValue = wireValue;
    this.minLength = minLength;
    this.maxLength = maxLength;
  }

  public int wireValue() {
    return wireValue;
  }

  /** Smallest valid message (header included). */
  public int minLength() {
    return minLength;
  }

  /** Largest valid message (header included). */
  public int maxLength() {
    return maxLength;
  }

  /** The type for a Type octet; {@code BAD_MESSAGE_TYPE} (1,3) with the type as data otherwise. */
  public static MessageType fromWire(int type) {
    for (MessageType t : values()) {
      if (t.wireValue == type) {
        return t;
      }
    }
    // RFC 4271 §6.1: Data field contains the erroneous Type field
    throw new BgpCodecException(
        BgpError.BAD_MESSAGE_TYPE, new byte[] {(byte) type}, "unknown message type " + type);
  }
}
