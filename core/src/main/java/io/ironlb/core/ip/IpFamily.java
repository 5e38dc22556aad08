package io.ironlb.core.ip;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The two IP families. */
public enum IpFamily {
  IPV4(32),
  IPV6(128);

  private final int bits;

  IpFamily(int bits) {
    this.bits = bits;
  }

  /** Address length in bits: 32 or 128. */
  public int bits() {
    return bits;
  }

  /** The family of {@code address}. */
  public static IpFamily of(InetAddress address) {
    return address instanceof Inet4Address ? IPV4 : IPV6;
  }
}
