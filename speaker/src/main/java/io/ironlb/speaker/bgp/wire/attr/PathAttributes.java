package io.ironlb.speaker.bgp.wire.attr;

import static io.ironlb.speaker.bgp.wire.Malformation.Action.ATTRIBUTE_DISCARD;
import static io.ironlb.speaker.bgp.wire.Malformation.Action.SESSION_RESET;
import static io.ironlb.speaker.bgp.wire.Malformation.Action.TREAT_AS_WITHDRAW;
import static io.ironlb.speaker.bgp.wire.attr.PathAttribute.OPTIONAL_NON_TRANSITIVE;
import static io.ironlb.speaker.bgp.wire.attr.PathAttribute.OPTIONAL_TRANSITIVE;
import static io.ironlb.speaker.bgp.wire.attr.PathAttribute.WELL_KNOWN;
import static java.util.Map.entry;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Malformation;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Path Attributes field of an UPDATE: the registry of known attribute types (RFC 4271 §5, RFC
 * 7606 §7 for what a malformed one costs), and writing a list of attributes. Reading is done by
 * {@link PathAttributeReader}.
 */
public final class PathAttributes {

  /** Known attribute types, by type code. */
  static final Map<Integer, AttributeCodec> CODECS =
      Map.ofEntries(
          entry(Origin.TYPE, new AttributeCodec(WELL_KNOWN, Origin::decode, TREAT_AS_WITHDRAW)),
          entry(AsPath.TYPE, new AttributeCodec(WELL_KNOWN, AsPath::decode, TREAT_AS_WITHDRAW)),
          entry(NextHop.TYPE, new AttributeCodec(WELL_KNOWN, NextHop::decode, TREAT_AS_WITHDRAW)),
          entry(
              MultiExitDisc.TYPE,
              new AttributeCodec(
                  OPTIONAL_NON_TRANSITIVE, MultiExitDisc::decode, TREAT_AS_WITHDRAW)),
          entry(
              LocalPref.TYPE, new AttributeCodec(WELL_KNOWN, LocalPref::decode, TREAT_AS_WITHDRAW)),
          entry(
              AtomicAggregate.TYPE,
              new AttributeCodec(WELL_KNOWN, AtomicAggregate::decode, ATTRIBUTE_DISCARD)),
          entry(
              Communities.TYPE,
              new AttributeCodec(OPTIONAL_TRANSITIVE, Communities::decode, TREAT_AS_WITHDRAW)),
          entry(
              LargeCommunities.TYPE,
              new AttributeCodec(OPTIONAL_TRANSITIVE, LargeCommunities::decode, TREAT_AS_WITHDRAW)),
          entry(
              MpReachNlri.TYPE,
              new AttributeCodec(OPTIONAL_NON_TRANSITIVE, MpReachNlri::decode, SESSION_RESET)),
          entry(
              MpUnreachNlri.TYPE,
              new AttributeCodec(OPTIONAL_NON_TRANSITIVE, MpUnreachNlri::decode, SESSION_RESET)));

  /** RFC 4271 §6.3: these errors carry the erroneous attribute (type, length, value) as data. */
  private static final Set<BgpError> DATA_IS_ATTRIBUTE =
      Set.of(
          BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
          BgpError.ATTRIBUTE_FLAGS_ERROR,
          BgpError.ATTRIBUTE_LENGTH_ERROR,
          BgpError.INVALID_ORIGIN_ATTRIBUTE,
          BgpError.INVALID_NEXT_HOP_ATTRIBUTE,
          BgpError.OPTIONAL_ATTRIBUTE_ERROR);

  private PathAttributes() {}

  /** The attributes and the RFC 7606 problems found while reading a Path Attributes field. */
  public record Decoded(List<PathAttribute> attributes, List<Malformation> malformations) {
    public Decoded {
      attributes = List.copyOf(attributes);
      malformations = List.copyOf(malformations);
    }
  }

  /**
   * Reads the whole field. Problems that RFC 7606 handles without a reset are returned; the others
   * throw a {@link BgpCodecException} carrying the RFC 4271 §6.3 error and data.
   */
  public static Decoded read(ByteBuf field, BgpCodecContext ctx) {
    return new PathAttributeReader(field, ctx).readAll();
  }

  /** Writes each attribute with its header, the extended length flag when it exceeds 255. */
  public static void write(ByteBuf out, List<PathAttribute> attributes, BgpCodecContext ctx) {
    for (PathAttribute a : attributes) {
      int length = a.valueLength(ctx);
      if (length > 0xFFFF) {
        throw new IllegalArgumentException("attribute " + a.typeCode() + " too long: " + length);
      }
      boolean extended = length > 255; // RFC 4271 §4.3: Extended Length bit
      out.writeByte(a.flags() | (extended ? PathAttribute.EXTENDED_LENGTH : 0));
      out.writeByte(a.typeCode());
      if (extended) {
        out.writeShort(length);
      } else {
        out.writeByte(length);
      }
      int start = out.writerIndex();
      a.writeValue(out, ctx);
      if (out.writerIndex() - start != length) {
        throw new IllegalStateException(a.typeCode() + " wrote a value of the wrong length");
      }
    }
  }

  /** Bytes {@link #write} produces for one attribute. */
  public static int encodedLength(PathAttribute attribute, BgpCodecContext ctx) {
    int length = attribute.valueLength(ctx);
    return (length > 255 ? 4 : 3) + length;
  }

  /** Bytes {@link #write} produces. */
  public static int encodedLength(List<PathAttribute> attributes, BgpCodecContext ctx) {
    return attributes.stream().mapToInt(a -> encodedLength(a, ctx)).sum();
  }

  /** The error re-thrown with the erroneous attribute as data, where RFC 4271 §6.3 says so. */
  static BgpCodecException withAttribute(BgpCodecException e, byte[] attribute) {
    return e.withData(DATA_IS_ATTRIBUTE.contains(e.error()) ? attribute : new byte[0]);
  }

  /** True when an MP attribute names a family this codec does not parse. */
  static boolean unsupportedFamily(int type, ByteBuf value) {
    if ((type != MpReachNlri.TYPE && type != MpUnreachNlri.TYPE) || value.readableBytes() < 3) {
      return false;
    }
    int afi = value.getUnsignedShort(value.readerIndex());
    int safi = value.getUnsignedByte(value.readerIndex() + 2);
    return !new AddressFamily(afi, safi).isSupported();
  }

  static void requireLength(ByteBuf value, int expected, String what) {
    if (value.readableBytes() != expected) {
      throw lengthError(value, what);
    }
  }

  static void requireAtLeast(ByteBuf value, int minimum, String what) {
    if (value.readableBytes() < minimum) {
      throw lengthError(value, what);
    }
  }

  /** Non-empty and a multiple of {@code unit} (RFC 7606 §7.8, RFC 8092 §6). */
  static void requireMultiple(ByteBuf value, int unit, String what) {
    if (value.readableBytes() == 0 || value.readableBytes() % unit != 0) {
      throw lengthError(value, what);
    }
  }

  static void requireUnsigned32(long value, String what) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + " out of 32-bit range: " + value);
    }
  }

  private static BgpCodecException lengthError(ByteBuf value, String what) {
    return new BgpCodecException(
        BgpError.ATTRIBUTE_LENGTH_ERROR, what + " of length " + value.readableBytes());
  }
}
