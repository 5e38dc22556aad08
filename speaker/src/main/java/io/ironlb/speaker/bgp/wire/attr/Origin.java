package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.netty.buffer.ByteBuf;

/** ORIGIN (RFC 4271 §4.3 and §5.1.1), type 1, well-known mandatory, one octet. */
public enum Origin implements PathAttribute {
  IGP(0),
  EGP(1),
  INCOMPLETE(2);

  public static final int TYPE = 1;

  private final int wireValue;

  Origin(int wireValue) {
    this.wireValue = wireValue;
  }

  public int wireValue() {
    return wireValue;
  }

  /** The origin for a value; INVALID_ORIGIN_ATTRIBUTE (3,6) otherwise. */
  public static Origin fromWire(int value) {
    for (Origin o : values()) {
      if (o.wireValue == value) {
        return o;
      }
    }
    throw new BgpCodecException(BgpError.INVALID_ORIGIN_ATTRIBUTE, "ORIGIN " + value);
  }

  @Override
  public int typeCode() {
    return TYPE;
  }

  @Override
  public int flags() {
    return WELL_KNOWN;
  }

  @Override
  public int valueLength(BgpCodecContext ctx) {
    return 1;
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    out.writeByte(wireValue);
  }

  static Origin decode(ByteBuf value, BgpCodecContext ctx) {
    PathAttributes.requireLength(value, 1, "ORIGIN");
    return fromWire(value.readUnsignedByte());
  }
}
