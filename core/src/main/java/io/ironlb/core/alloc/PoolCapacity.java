package io.ironlb.core.alloc;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpFamily;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Pool membership and sizes, computed from the prefixes (never enumerated), and avoidBuggyIPs. */
final class PoolCapacity {

  private static final BigInteger TWO_FIFTY_SIX = BigInteger.valueOf(256);

  private PoolCapacity() {}

  /**
   * IPv4 addresses ending in .0 or .255 (§3.5): some old firmware treats them as broadcast
   * addresses. IPv6 has no such problem.
   */
  static boolean isBuggy(InetAddress ip) {
    if (!(ip instanceof Inet4Address)) {
      return false;
    }
    int last = ip.getAddress()[3] & 0xff;
    return last == 0 || last == 255;
  }

  /** Whether {@code ip} belongs to the pool; under avoidBuggyIPs a .0/.255 does not (§3.5). */
  static boolean holds(AddressPool pool, InetAddress ip) {
    if (pool.avoidBuggyIPs() && isBuggy(ip)) {
      return false; // treated as outside the pool, even when requested
    }
    return pool.cidrs().stream().anyMatch(c -> c.contains(ip));
  }

  /** Usable addresses of {@code family} in the pool. */
  static BigInteger of(AddressPool pool, IpFamily family) {
    BigInteger total = BigInteger.ZERO;
    for (Cidr c : pool.cidrs()) {
      if (c.family() == family) {
        total = total.add(usable(c, pool.avoidBuggyIPs()));
      }
    }
    return total;
  }

  private static BigInteger usable(Cidr c, boolean avoidBuggy) {
    BigInteger size = c.size();
    if (!avoidBuggy || c.family() != IpFamily.IPV4) {
      return size;
    }
    if (c.prefixLength() <= 24) {
      // every /24 inside holds one .0 and one .255
      return size.subtract(size.divide(TWO_FIFTY_SIX).shiftLeft(1));
    }
    // a prefix inside one /24: only its first address can end in .0 and its last in .255 (a /32
    // is one address, counted once)
    BigInteger n = size;
    if (isBuggy(c.first())) {
      n = n.subtract(BigInteger.ONE);
    }
    if (c.prefixLength() < 32 && isBuggy(c.last())) {
      n = n.subtract(BigInteger.ONE);
    }
    return n;
  }
}
