package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.netty.buffer.ByteBuf;

/**
 * MULTI_EXIT_DISC (RFC 4271 §4.3, §5.1.4), type 4, optional non-transitive, 4 bytes; a wrong length
 * is treated as withdraw (RFC 7606 §7.4).
 */
public record MultiExitDisc(long metric) implements PathAttribute {

  public static final int TYPE = 4;

  public MultiExitDisc {
    PathAttributes.requireUnsigned32(metric, "MED");
  }

  @Override
  public int typeCode() {
    return TYPE;
  }

  @Override
  public int flags() {
    return OPTIONAL_NON_TRANSITIVE;
  }

  @Override
  public int valueLength(BgpCodecContext ctx) {
    return 4;
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    out.writeInt((int) metric);
  }

  static MultiExitDisc decode(ByteBuf value, BgpCodecContext ctx) {
    PathAttributes.requireLength(value, 4, "MULTI_EXIT_DISC");
    return new MultiExitDisc(value.readUnsignedInt());
  }
}
