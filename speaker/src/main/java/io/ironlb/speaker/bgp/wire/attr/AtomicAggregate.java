package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.netty.buffer.ByteBuf;

/**
 * ATOMIC_AGGREGATE (RFC 4271 §4.3, §5.1.6), type 6, well-known discretionary, empty. Known so that
 * a router's aggregate is not mistaken for an unrecognised well-known attribute; a non-zero length
 * is discarded (RFC 7606 §7.6).
 */
public record AtomicAggregate() implements PathAttribute {

  public static final int TYPE = 6;

  public static final AtomicAggregate INSTANCE = new AtomicAggregate();

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
    return 0;
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    // empty
  }

  static AtomicAggregate decode(ByteBuf value, BgpCodecContext ctx) {
    PathAttributes.requireLength(value, 0, "ATOMIC_AGGREGATE");
    return INSTANCE;
  }
}
