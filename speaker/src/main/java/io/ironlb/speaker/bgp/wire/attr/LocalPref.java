package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.netty.buffer.ByteBuf;

/**
 * LOCAL_PREF (RFC 4271 §4.3, §5.1.5), type 5, well-known (iBGP only), 4 bytes; a wrong length is
 * treated as withdraw (RFC 7606 §7.5). Discarding it when received over eBGP is the session's job.
 */
public record LocalPref(long preference) implements PathAttribute {

  public static final int TYPE = 5;

  public LocalPref {
    PathAttributes.requireUnsigned32(preference, "LOCAL_PREF");
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
    return 4;
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    out.writeInt((int) preference);
  }

  static LocalPref decode(ByteBuf value, BgpCodecContext ctx) {
    PathAttributes.requireLength(value, 4, "LOCAL_PREF");
    return new LocalPref(value.readUnsignedInt());
  }
}
