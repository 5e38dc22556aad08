package io.ironlb.speaker.l2.wire;

import java.net.Inet6Address;
import java.util.HexFormat;

/**
 * A 48-bit IEEE 802 MAC address held in the low 48 bits of a long, so that equality and hashing are
 * by value.
 */
public record MacAddress(long value) {

  /** Octets in a MAC address. */
  public static final int LENGTH = 6;

  /** ff:ff:ff:ff:ff:ff. */
  public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);

  /** 00:00:00:00:00:00, the "unknown" target hardware address of an ARP request (RFC 826). */
  public static final MacAddress ZERO = new MacAddress(0L);

  /** Validates that only the low 48 bits are set. */
  public MacAddress {
    if ((value >>> 48) != 0) {
      throw new IllegalArgumentException("MAC address wider than 48 bits: " + value);
    }
  }

  /** The address in {@code bytes}, which must hold exactly six octets. */
  public static MacAddress of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a MAC address has 6 octets, got " + bytes.length);
    }
    return read(bytes, 0);
  }

  /** Parses {@code aa:bb:cc:dd:ee:ff} (case-insensitive). */
  public static MacAddress parse(String text) {
    String[] parts = text.trim().split(":", -1);
    if (parts.length != LENGTH) {
      throw new IllegalArgumentException("not a MAC address: " + text);
    }
    long value = 0;
    for (String part : parts) {
      if (part.length() != 2) {
        throw new IllegalArgumentException("not a MAC address: " + text);
      }
      value = (value << 8) | HexFormat.fromHexDigits(part);
    }
    return new MacAddress(value);
  }

  /**
   * The Ethernet multicast address of an IPv6 multicast group: 33:33 followed by the group's last
   * four octets (RFC 2464 §7).
   */
  public static MacAddress ofIpv6Multicast(Inet6Address group) {
    byte[] a = group.getAddress();
    return new MacAddress(0x3333_0000_0000L | (readInt(a, 12) & 0xFFFF_FFFFL));
  }

  static MacAddress read(byte[] buf, int offset) {
    long value = 0;
    for (int i = 0; i < LENGTH; i++) {
      value = (value << 8) | (buf[offset + i] & 0xFF);
    }
    return new MacAddress(value);
  }

  void write(byte[] buf, int offset) {
    for (int i = 0; i < LENGTH; i++) {
      buf[offset + i] = (byte) (value >>> (8 * (LENGTH - 1 - i)));
    }
  }

  /** A fresh array of the six octets. */
  public byte[] bytes() {
    byte[] out = new byte[LENGTH];
    write(out, 0);
    return out;
  }

  /** True for ff:ff:ff:ff:ff:ff. */
  public boolean isBroadcast() {
    return equals(BROADCAST);
  }

  /** True when the I/G bit (least significant bit of the first octet) is set (IEEE 802). */
  public boolean isMulticast() {
    return (value & 0x0100_0000_0000L) != 0;
  }

  private static int readInt(byte[] a, int offset) {
    return ((a[offset] & 0xFF) << 24)
        | ((a[offset + 1] & 0xFF) << 16)
        | ((a[offset + 2] & 0xFF) << 8)
        | (a[offset + 3] & 0xFF);
  }

  @Override
  public String toString() {
    byte[] b = bytes();
    return HexFormat.ofDelimiter(":").formatHex(b);
  }
}
