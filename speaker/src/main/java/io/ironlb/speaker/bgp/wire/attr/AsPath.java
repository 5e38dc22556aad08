package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AS_PATH (RFC 4271 §4.3, §5.1.2), type 2, well-known mandatory: a list of segments, each
 *
 * <pre>
 * +--------------+--------------+-------------------------------------------+
 * | Type (1)     | Count (1)    | Count ASNs, 2 bytes each, or 4 bytes each |
 * +--------------+--------------+-------------------------------------------+
 * </pre>
 *
 * ASNs are 4 bytes when the session negotiated 4-octet AS (RFC 6793 §4.1), else 2 bytes with
 * AS_TRANS standing for ASNs that do not fit (RFC 6793 §4.2.2; AS4_PATH is not generated).
 * Malformed paths are treated as withdraw (RFC 7606 §7.2).
 */
public record AsPath(List<AsPathSegment> segments) implements PathAttribute {

  public static final int TYPE = 2;

  /** The empty path of iBGP announcements (RFC 4271 §5.1.2). */
  public static final AsPath EMPTY = new AsPath(List.of());

  public AsPath {
    segments = List.copyOf(segments);
  }

  /** One AS_SEQUENCE segment, e.g. the path of an eBGP announcement. */
  public static AsPath sequence(Long... asns) {
    return new AsPath(List.of(new AsPathSegment(AsPathSegment.Type.SEQUENCE, Arrays.asList(asns))));
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
    int asnBytes = ctx.fourOctetAs() ? 4 : 2;
    return segments.stream().mapToInt(s -> 2 + asnBytes * s.asns().size()).sum();
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    for (AsPathSegment s : segments) {
      out.writeByte(s.type().wireValue()).writeByte(s.asns().size());
      for (long asn : s.asns()) {
        if (ctx.fourOctetAs()) {
          out.writeInt((int) asn);
        } else {
          out.writeShort((int) (asn > 0xFFFF ? AsPathSegment.AS_TRANS : asn)); // RFC 6793 §4.2.2
        }
      }
    }
  }

  static AsPath decode(ByteBuf value, BgpCodecContext ctx) {
    int asnBytes = ctx.fourOctetAs() ? 4 : 2;
    List<AsPathSegment> segments = new ArrayList<>();
    while (value.isReadable()) {
      require(value.readableBytes() >= 2, "truncated segment header");
      int type = value.readUnsignedByte();
      int count = value.readUnsignedByte();
      // RFC 7606 §7.2: unknown type, zero count, or overrun make the AS_PATH malformed
      require(count > 0, "empty segment");
      require(value.readableBytes() >= count * asnBytes, "segment overruns the attribute");
      List<Long> asns = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        asns.add(asnBytes == 4 ? value.readUnsignedInt() : value.readUnsignedShort());
      }
      segments.add(new AsPathSegment(AsPathSegment.Type.fromWire(type), asns));
    }
    return new AsPath(segments);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new BgpCodecException(BgpError.MALFORMED_AS_PATH, message);
    }
  }
}
