package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An optional transitive attribute IronLB does not interpret (AGGREGATOR, AS4_PATH, extended
 * communities, ...), kept opaque so it can be passed on. RFC 4271 §5: when propagated, the Partial
 * bit is set, so the flags always carry it. Unrecognised non-transitive attributes are dropped by
 * the decoder; unrecognised well-known ones reset the session (3,2).
 *
 * @param flags the O, T and P bits (O and T must be set; P is added; E is the encoder's business)
 */
public record UnknownAttribute(int flags, int typeCode, byte[] value) implements PathAttribute {

  public UnknownAttribute {
    if ((flags & OPTIONAL_TRANSITIVE) != OPTIONAL_TRANSITIVE || (flags & ~0xF0) != 0) {
      throw new IllegalArgumentException("not optional transitive: flags " + flags);
    }
    if (typeCode < 0 || typeCode > 255 || value.length > 0xFFFF) {
      throw new IllegalArgumentException("bad attribute " + typeCode + ", length " + value.length);
    }
    flags = (flags | PARTIAL) & ~EXTENDED_LENGTH;
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public int valueLength(BgpCodecContext ctx) {
    return value.length;
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    out.writeBytes(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownAttribute u
        && u.flags == flags
        && u.typeCode == typeCode
        && Arrays.equals(u.value, value);
  }

  @Override
  public int hashCode() {
    return (31 * flags + typeCode) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "UnknownAttribute[flags=0x"
        + Integer.toHexString(flags)
        + ", type="
        + typeCode
        + ", value="
        + HexFormat.of().formatHex(value)
        + "]";
  }
}
