package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import java.util.List;
import java.util.Objects;

/**
 * One AS_PATH segment (RFC 4271 §4.3; confederation types RFC 5065 §3).
 *
 * @param type segment type
 * @param asns 1..255 AS numbers, each 0..2^32-1
 */
public record AsPathSegment(Type type, List<Long> asns) {

  /** RFC 6793 §9. */
  static final long AS_TRANS = 23456;

  /** Segment types. */
  public enum Type {
    SET(1),
    SEQUENCE(2),
    CONFED_SEQUENCE(3),
    CONFED_SET(4);

    private final int wireValue;

    Type(int wireValue) {
      this.wireValue = wireValue;
    }

    public int wireValue() {
      return wireValue;
    }

    /** The type; MALFORMED_AS_PATH (3,11) for any other value. */
    public static Type fromWire(int value) {
      for (Type t : values()) {
        if (t.wireValue == value) {
          return t;
        }
      }
      throw new BgpCodecException(BgpError.MALFORMED_AS_PATH, "segment type " + value);
    }
  }

  public AsPathSegment {
    Objects.requireNonNull(type, "type");
    asns = List.copyOf(asns);
    if (asns.isEmpty() || asns.size() > 255) {
      throw new IllegalArgumentException("a segment holds 1..255 ASNs, not " + asns.size());
    }
    for (long asn : asns) {
      if (asn < 0 || asn > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("ASN out of range: " + asn);
      }
    }
  }
}
