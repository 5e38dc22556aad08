package io.ironlb.speaker.bgp.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 prefix as carried in NLRI (RFC 4271 §4.3, RFC 4760 §5). Strict: the bits of
 * {@code address} beyond {@code length} must be zero (the decoder masks them before building one).
 *
 * @param address network address (an {@link Inet4Address} or an {@link Inet6Address})
 * @param length prefix length, 0..32 or 0..128
 */
public record Prefix(InetAddress address, int length) {

  public Prefix {
    Objects.requireNonNull(address, "address");
    int bits = address.getAddress().length * 8;
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException("prefix length " + length + " out of 0.." + bits);
    }
    if (!Objects.equals(address, masked(address.getAddress(), length))) {
      throw new IllegalArgumentException("host bits set in " + address + "/" + length);
    }
  }

  /** Parses {@code "192.0.2.0/24"} or {@code "2001:db8::/32"} (literals only, no DNS). */
  public static Prefix parse(String cidr) {
    int slash = cidr.indexOf('/');
    String host = cidr.substring(0, slash);
    if (!host.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("not an address literal: " + cidr);
    }
    try {
      return new Prefix(InetAddress.getByName(host), Integer.parseInt(cidr.substring(slash + 1)));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad prefix " + cidr, e);
    }
  }

  /** A host route (/32 or /128) for {@code address}. */
  public static Prefix host(InetAddress address) {
    return new Prefix(address, address.getAddress().length * 8);
  }

  /** True for IPv6. */
  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  /** Bytes of the NLRI encoding: the length octet and ceil(length / 8) address bytes. */
  public int encodedLength() {
    return 1 + (length + 7) / 8;
  }

  /**
   * The address {@code bytes} (4 or 16, modified in place) with the bits beyond {@code length}
   * cleared; IPv6 stays IPv6 even for IPv4-mapped addresses.
   */
  static InetAddress masked(byte[] bytes, int length) {
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, length - 8 * i));
      bytes[i] &= (byte) (0xFF00 >>> keep);
    }
    try {
      return bytes.length == 16
          ? Inet6Address.getByAddress(null, bytes, -1)
          : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad address length " + bytes.length, e);
    }
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + length;
  }
}
