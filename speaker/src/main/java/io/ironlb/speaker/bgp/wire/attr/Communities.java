package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * COMMUNITIES (RFC 1997), type 8, optional transitive: 4 bytes each, conventionally {@code
 * asn:value} as two 16-bit halves. Empty or not a multiple of 4 is treated as withdraw (RFC 7606
 * §7.8).
 */
public record Communities(List<Long> communities) implements PathAttribute {

  public static final int TYPE = 8;

  public Communities {
    communities = List.copyOf(communities);
    if (communities.isEmpty() || communities.size() > 16383) {
      throw new IllegalArgumentException("1..16383 communities, not " + communities.size());
    }
    communities.forEach(c -> PathAttributes.requireUnsigned32(c, "community"));
  }

  /** The community {@code high:low}, e.g. {@code of(65000, 100)}. */
  public static long of(int high, int low) {
    return ((long) (high & 0xFFFF) << 16) | (low & 0xFFFF);
  }

  @Override
  public int typeCode() {
    return TYPE;
  }

  @Override
  public int flags() {
    return OPTIONAL_TRANSITIVE;
  }

  @Override
  public int valueLength(BgpCodecContext ctx) {
    return 4 * communities.size();
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    communities.forEach(c -> out.writeInt((int) (long) c));
  }

  static Communities decode(ByteBuf value, BgpCodecContext ctx) {
    PathAttributes.requireMultiple(value, 4, "COMMUNITIES");
    List<Long> communities = new ArrayList<>(value.readableBytes() / 4);
    while (value.isReadable()) {
      communities.add(value.readUnsignedInt());
    }
    return new Communities(communities);
  }
}
