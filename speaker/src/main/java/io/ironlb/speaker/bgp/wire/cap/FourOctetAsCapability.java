package io.ironlb.speaker.bgp.wire.cap;

import io.netty.buffer.ByteBuf;

/**
 * Support for 4-octet AS numbers (RFC 6793 §3), code 65, length 4: the speaker's AS, which is the
 * peer's real AS when present (the OPEN's My AS then says AS_TRANS if it does not fit).
 */
public record FourOctetAsCapability(long as) implements Capability {

  public static final int CODE = 65;

  public FourOctetAsCapability {
    if (as < 0 || as > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("AS out of range: " + as);
    }
  }

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeInt((int) as);
  }

  static FourOctetAsCapability decode(ByteBuf value) {
    Capabilities.requireLength(value, 4, "4-octet AS");
    return new FourOctetAsCapability(value.readUnsignedInt());
  }
}
