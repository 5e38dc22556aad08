package io.ironlb.core.alloc;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.ip.IpFamily;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Set;

/**
 * A pool's counters, as {@code IPAddressPool.status} and the {@code metallb_allocator_*} metrics
 * report them (METALLB-API.md §3.8). Counts are distinct IPs (a shared IP counts once); capacities
 * exclude what avoidBuggyIPs forbids; a capacity of 2^63 addresses or more saturates at {@link
 * Long#MAX_VALUE}, and so does its availability.
 */
public record PoolStats(
    long totalV4,
    long totalV6,
    long assignedV4,
    long assignedV6,
    long availableV4,
    long availableV6) {

  static PoolStats of(AddressPool pool, Set<InetAddress> used) {
    long v4 = used.stream().filter(ip -> IpFamily.of(ip) == IpFamily.IPV4).count();
    long v6 = used.size() - v4;
    long cap4 = saturate(PoolCapacity.of(pool, IpFamily.IPV4));
    long cap6 = saturate(PoolCapacity.of(pool, IpFamily.IPV6));
    return new PoolStats(cap4, cap6, v4, v6, available(cap4, v4), available(cap6, v6));
  }

  private static long saturate(BigInteger v) {
    return v.bitLength() > 63 ? Long.MAX_VALUE : v.longValue();
  }

  /** A saturated capacity stands for "too many to count": its availability is saturated too. */
  private static long available(long capacity, long assigned) {
    return capacity == Long.MAX_VALUE ? capacity : capacity - assigned;
  }
}
