package io.ironlb.core.ip;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one {@code IPAddressPool.spec.addresses} entry: a CIDR, or a range {@code start-end}
 * (spaces around {@code -} allowed; both ends of one family; start not after end), which becomes
 * the smallest list of CIDRs covering exactly that range, in address order (MetalLB's {@code
 * config.ParseCIDR}).
 */
public final class PoolAddresses {

  private PoolAddresses() {}

  /** The CIDRs of one entry; IllegalArgumentException with a message naming the entry. */
  public static List<Cidr> parseEntry(String entry) {
    if (entry == null || entry.isBlank()) {
      throw new IllegalArgumentException("invalid CIDR \"" + entry + "\": empty");
    }
    if (!entry.contains("-")) {
      return List.of(Cidr.parse(entry));
    }
    String[] ends = entry.split("-", -1);
    if (ends.length != 2) {
      throw new IllegalArgumentException("invalid IP range \"" + entry + "\"");
    }
    InetAddress start;
    InetAddress end;
    try {
      start = IpText.parse(ends[0].trim());
      end = IpText.parse(ends[1].trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid IP range \"" + entry + "\": " + e.getMessage(), e);
    }
    if (IpFamily.of(start) != IpFamily.of(end)) {
      throw new IllegalArgumentException(
          "invalid IP range \"" + entry + "\": start and end are of different IP families");
    }
    if (Cidr.toBigInteger(start).compareTo(Cidr.toBigInteger(end)) > 0) {
      throw new IllegalArgumentException("invalid IP range \"" + entry + "\": start is after end");
    }
    return rangeToCidrs(start, end);
  }

  /** The minimal CIDR list covering [start, end], in address order. */
  static List<Cidr> rangeToCidrs(InetAddress start, InetAddress end) {
    int bits = IpFamily.of(start).bits();
    BigInteger lo = Cidr.toBigInteger(start);
    BigInteger hi = Cidr.toBigInteger(end);
    List<Cidr> out = new ArrayList<>();
    while (lo.compareTo(hi) <= 0) {
      // the largest block aligned at lo that does not pass hi
      int hostBits = lo.signum() == 0 ? bits : lo.getLowestSetBit();
      BigInteger remaining = hi.subtract(lo).add(BigInteger.ONE);
      while (BigInteger.ONE.shiftLeft(hostBits).compareTo(remaining) > 0) {
        hostBits--;
      }
      out.add(new Cidr(Cidr.toAddress(lo, bits), bits - hostBits));
      lo = lo.add(BigInteger.ONE.shiftLeft(hostBits));
    }
    return List.copyOf(out);
  }
}
