package io.ironlb.core.ip;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 prefix. The network address always has its host bits cleared: {@code
 * 198.51.100.10/24} becomes {@code 198.51.100.0/24}, as MetalLB's pool parser does.
 *
 * @param network the first address of the prefix
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {

  /** ::ffff:0.0.0.0, the start of the IPv4-mapped block. */
  private static final BigInteger MAPPED_PREFIX = BigInteger.valueOf(0xffffL).shiftLeft(32);

  public Cidr {
    Objects.requireNonNull(network, "network");
    int bits = IpFamily.of(network).bits();
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " out of range 0.." + bits);
    }
    network = toAddress(toBigInteger(network).andNot(hostMask(bits, prefixLength)), bits);
  }

  /**
   * Parses {@code a.b.c.d/n} or {@code ipv6/n} as Go's {@code net.ParseCIDR} does; host bits are
   * cleared. An IPv4-mapped IPv6 prefix ({@code ::ffff:192.0.2.0/120}) is the IPv4 prefix it maps
   * ({@code 192.0.2.0/24}), as Go prints it. IllegalArgumentException naming the text otherwise.
   */
  public static Cidr parse(String text) {
    String t = text == null ? "" : text.trim();
    int slash = t.indexOf('/');
    if (slash < 0 || slash != t.lastIndexOf('/')) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\"");
    }
    String addressText = t.substring(0, slash);
    InetAddress ip;
    try {
      ip = IpText.parse(addressText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": bad address", e);
    }
    // Go's dtoi: decimal digits, leading zeros allowed
    String len = t.substring(slash + 1);
    if (!len.matches("[0-9]{1,6}")) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": bad prefix length");
    }
    int n = Integer.parseInt(len);
    if (addressText.indexOf(':') >= 0 && IpFamily.of(ip) == IpFamily.IPV4 && n <= 128) {
      // the literal was ::ffff:a.b.c.d, whose prefix length counts 128 bits: from /96 on it is
      // the IPv4 prefix it maps; shorter, it reaches beyond ::ffff:0:0/96 and stays IPv6 (Go)
      if (n >= 96) {
        return new Cidr(ip, n - 96);
      }
      return new Cidr(toAddress(toBigInteger(ip).or(MAPPED_PREFIX), 128), n);
    }
    if (n > IpFamily.of(ip).bits()) {
      throw new IllegalArgumentException(
          "invalid CIDR \"" + text + "\": prefix length above " + IpFamily.of(ip).bits());
    }
    return new Cidr(ip, n);
  }

  /** The prefix holding exactly {@code address}: /32 or /128. */
  public static Cidr single(InetAddress address) {
    return new Cidr(address, IpFamily.of(address).bits());
  }

  public IpFamily family() {
    return IpFamily.of(network);
  }

  /** The first address (the network address). */
  public InetAddress first() {
    return network;
  }

  /** The last address (the broadcast address for IPv4). */
  public InetAddress last() {
    int bits = family().bits();
    return toAddress(toBigInteger(network).or(hostMask(bits, prefixLength)), bits);
  }

  /** Number of addresses: 2^(bits - prefixLength), computed, never enumerated. */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(family().bits() - prefixLength);
  }

  /** Whether {@code address} (of either family) lies inside this prefix. */
  public boolean contains(InetAddress address) {
    if (IpFamily.of(address) != family()) {
      return false;
    }
    // compare the first prefixLength bits, byte by byte (called for every pool on every assign)
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    int whole = prefixLength / 8;
    for (int i = 0; i < whole; i++) {
      if (a[i] != n[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    int mask = (0xff << (8 - rest)) & 0xff;
    return rest == 0 || (a[whole] & mask) == (n[whole] & mask);
  }

  /** Whether the two prefixes share at least one address. */
  public boolean overlaps(Cidr other) {
    return family() == other.family() && (contains(other.network) || other.contains(network));
  }

  /** Go's form: {@code 10.0.0.0/24}, {@code fc00::/64}. */
  @Override
  public String toString() {
    return IpText.format(network) + "/" + prefixLength;
  }

  /** The address as an unsigned integer. */
  public static BigInteger toBigInteger(InetAddress address) {
    return new BigInteger(1, address.getAddress());
  }

  /** The address of {@code bits} (32 or 128) whose unsigned value is {@code value}. */
  public static InetAddress toAddress(BigInteger value, int bits) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[bits / 8];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    try {
      InetAddress a = InetAddress.getByAddress(out);
      if (bits == 128 && IpFamily.of(a) == IpFamily.IPV4) {
        // Java folds IPv4-mapped IPv6 (::ffff:a.b.c.d) into IPv4; keep the family we computed in.
        return java.net.Inet6Address.getByAddress(null, out, null);
      }
      return a;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  private static BigInteger hostMask(int bits, int prefixLength) {
    return BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE);
  }
}
