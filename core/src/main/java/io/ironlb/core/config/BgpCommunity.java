package io.ironlb.core.config;

import java.math.BigInteger;

/**
 * A BGP community value as BGPAdvertisement and Community objects write it: a standard community
 * {@code A:B} (RFC 1997, 16 bits each) or a large community {@code large:A:B:C} (RFC 8092, 32 bits
 * each). Ordered as MetalLB orders them: a standard community counts as the large community {@code
 * (A<<16|B):0:0}.
 */
public sealed interface BgpCommunity extends Comparable<BgpCommunity>
    permits BgpCommunity.Standard, BgpCommunity.Large {

  /** The value as the API writes it: {@code 65000:100} or {@code large:64512:1:2}. */
  String text();

  /** An RFC 1997 community. */
  record Standard(int high, int low) implements BgpCommunity {
    public Standard {
      if (high < 0 || high > 0xffff || low < 0 || low > 0xffff) {
        throw new IllegalArgumentException("standard community parts are 0..65535");
      }
    }

    /** The 32-bit attribute value. */
    public long value() {
      return ((long) high << 16) | low;
    }

    @Override
    public String text() {
      return high + ":" + low;
    }
  }

  /** An RFC 8092 large community. */
  record Large(long globalAdministrator, long localData1, long localData2) implements BgpCommunity {
    public Large {
      for (long v : new long[] {globalAdministrator, localData1, localData2}) {
        if (v < 0 || v > 0xffffffffL) {
          throw new IllegalArgumentException("large community parts are 0..4294967295");
        }
      }
    }

    @Override
    public String text() {
      return "large:" + globalAdministrator + ":" + localData1 + ":" + localData2;
    }
  }

  /**
   * Parses {@code A:B} or {@code large:A:B:C} (decimal digits only, as Go's {@code ParseUint});
   * IllegalArgumentException saying which part is wrong.
   */
  static BgpCommunity parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length == 2) {
      return new Standard((int) part(text, parts[0], 0xffffL), (int) part(text, parts[1], 0xffffL));
    }
    if (parts.length == 4) {
      if (!parts[0].equals("large")) {
        throw new IllegalArgumentException(
            "invalid community value \""
                + text
                + "\": expected a large community of the form large:A:B:C");
      }
      return new Large(
          part(text, parts[1], 0xffffffffL),
          part(text, parts[2], 0xffffffffL),
          part(text, parts[3], 0xffffffffL));
    }
    throw new IllegalArgumentException(
        "invalid community value \"" + text + "\": expected A:B or large:A:B:C");
  }

  private static long part(String text, String part, long max) {
    if (!part.matches("[0-9]+") || new BigInteger(part).compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException(
          "invalid community value \""
              + text
              + "\": section \""
              + part
              + "\" is not a number in 0.."
              + max);
    }
    return new BigInteger(part).longValueExact();
  }

  /** MetalLB's order: by (global, local1, local2), a standard community as (value, 0, 0). */
  @Override
  default int compareTo(BgpCommunity o) {
    long[] a = orderKey(this);
    long[] b = orderKey(o);
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return Long.compare(a[i], b[i]);
      }
    }
    return 0;
  }

  private static long[] orderKey(BgpCommunity c) {
    if (c instanceof Standard s) {
      // standard before a large community of equal numbers, so distinct values never compare 0
      return new long[] {s.value(), 0, 0, 0};
    }
    Large l = (Large) c;
    return new long[] {l.globalAdministrator(), l.localData1(), l.localData2(), 1};
  }
}
