package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * LARGE_COMMUNITY (RFC 8092 §3), type 32, optional transitive: 12 bytes each,
 *
 * <pre>
 * +--------------------------+--------------------------+--------------------------+
 * | Global Administrator (4) | Local Data Part 1 (4)    | Local Data Part 2 (4)    |
 * +--------------------------+--------------------------+--------------------------+
 * </pre>
 *
 * Empty or not a multiple of 12 is treated as withdraw (RFC 8092 §6).
 */
public record LargeCommunities(List<LargeCommunity> communities) implements PathAttribute {

  public static final int TYPE = 32;

  /** One large community {@code global:local1:local2}. */
  public record LargeCommunity(long global, long local1, long local2) {
    public LargeCommunity {
      PathAttributes.requireUnsigned32(global, "global administrator");
      PathAttributes.requireUnsigned32(local1, "local data part 1");
      PathAttributes.requireUnsigned32(local2, "local data part 2");
    }

    @Override
    public String toString() {
      return global + ":" + local1 + ":" + local2;
    }
  }

  public LargeCommunities {
    communities = List.copyOf(communities);
    if (communities.isEmpty() || communities.size() > 5461) {
      throw new IllegalArgumentException("1..5461 large communities, not " + communities.size());
    }
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
    return 12 * communities.size();
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    for (LargeCommunity c : communities) {
      out.writeInt((int) c.global()).writeInt((int) c.local1()).writeInt((int) c.local2());
    }
  }

  static LargeCommunities decode(ByteBuf value, BgpCodecContext ctx) {
    PathAttributes.requireMultiple(value, 12, "LARGE_COMMUNITY");
    List<LargeCommunity> communities = new ArrayList<>(value.readableBytes() / 12);
    while (value.isReadable()) {
      communities.add(
          new LargeCommunity(
              value.readUnsignedInt(), value.readUnsignedInt(), value.readUnsignedInt()));
    }
    return new LargeCommunities(communities);
  }
}
