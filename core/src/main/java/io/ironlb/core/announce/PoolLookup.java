package io.ironlb.core.announce;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.config.Config;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which pool a Service's IPs belong to, by plain prefix containment as MetalLB's speaker does.
 * Pools never overlap (a {@link Config} guarantee), so an IP is in at most one pool.
 */
final class PoolLookup {

  private PoolLookup() {}

  /** The pool of the first of {@code ips} that any pool contains. */
  static Optional<AddressPool> poolOf(Config config, List<InetAddress> ips) {
    return ips.stream().flatMap(ip -> containing(config, ip).stream()).findFirst();
  }

  /** The {@code ips} that some pool contains, in their order. */
  static List<InetAddress> pooled(Config config, List<InetAddress> ips) {
    return ips.stream().filter(ip -> containing(config, ip).isPresent()).toList();
  }

  private static Optional<AddressPool> containing(Config config, InetAddress ip) {
    return config.pools().values().stream()
        .filter(p -> p.cidrs().stream().anyMatch(c -> c.contains(ip)))
        .findFirst();
  }
}
