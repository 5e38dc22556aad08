package io.ironlb.speaker.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prefix lists as in the Withdrawn Routes and NLRI fields (RFC 4271 §4.3) and in MP_REACH_NLRI /
 * MP_UNREACH_NLRI (RFC 4760 §5):
 *
 * <pre>
 * +---------------------------+
 * |   Length (1 octet, bits)  |
 * +---------------------------+
 * |   Prefix (variable)       |   ceil(Length / 8) octets, trailing bits irrelevant
 * +---------------------------+
 * </pre>
 */
public final class NlriCodec {

  private NlriCodec() {}

  /**
   * Validates all of {@code field} as prefixes of {@code family} and returns them as a lazy list
   * (see {@link PackedPrefixList}); {@code onError} if a length exceeds the family's address or a
   * prefix overruns the field (RFC 4271 §6.3, RFC 7606 §5.3).
   */
  public static List<Prefix> read(ByteBuf field, AddressFamily family, BgpError onError) {
    int addressBytes = family.addressBits() / 8;
    byte[] wire = new byte[field.readableBytes()];
    field.readBytes(wire);
    int[] offsets = new int[wire.length];
    int count = 0;
    for (int p = 0; p < wire.length; ) {
      int length = wire[p] & 0xFF;
      if (length > family.addressBits()) {
        throw new BgpCodecException(onError, "prefix length " + length + " in " + family);
      }
      int next = p + 1 + (length + 7) / 8;
      if (next > wire.length) {
        throw new BgpCodecException(onError, "prefix overruns its field in " + family);
      }
      offsets[count++] = p;
      p = next;
    }
    return count == 0
        ? List.of()
        : new PackedPrefixList(wire, Arrays.copyOf(offsets, count), addressBytes);
  }

  /** Writes each prefix as length octet plus the significant octets. */
  public static void write(ByteBuf out, List<Prefix> prefixes) {
    for (Prefix p : prefixes) {
      out.writeByte(p.length());
      out.writeBytes(p.address().getAddress(), 0, (p.length() + 7) / 8);
    }
  }

  /** Bytes {@link #write} produces. */
  public static int encodedLength(List<Prefix> prefixes) {
    int n = 0;
    for (Prefix p : prefixes) {
      n += p.encodedLength();
    }
    return n;
  }

  /** An immutable copy, keeping an already immutable packed list as it is. */
  public static List<Prefix> immutable(List<Prefix> prefixes) {
    return prefixes instanceof PackedPrefixList ? prefixes : List.copyOf(prefixes);
  }

  /** Throws unless every prefix is of the given family (IPv6 or not). */
  public static List<Prefix> requireFamily(List<Prefix> prefixes, boolean ipv6, String field) {
    List<Prefix> copy = immutable(prefixes);
    if (!(copy instanceof PackedPrefixList)) {
      for (Prefix p : copy) {
        if (p.isIpv6() != ipv6) {
          throw new IllegalArgumentException(field + " holds " + p + " of the wrong family");
        }
      }
    }
    return copy;
  }

  /** Concatenation of two prefix lists (materialised; used on the rare treat-as-withdraw path). */
  static List<Prefix> concat(List<Prefix> a, List<Prefix> b) {
    List<Prefix> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
