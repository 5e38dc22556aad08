package io.ironlb.core.config;

import io.ironlb.core.ip.Cidr;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code IPAddressPool}: its addresses as normalised CIDRs in declaration order (ranges
 * already split into the minimal CIDR set), and the knobs that steer allocation.
 *
 * @param name the pool's {@code metadata.name}
 * @param cidrs the pool's addresses, in the order they are declared; never empty
 * @param autoAssign {@code spec.autoAssign} (default true): false keeps the pool out of automatic
 *     allocation; it still serves explicit IP and pool requests
 * @param avoidBuggyIPs {@code spec.avoidBuggyIPs}: IPv4 addresses ending in .0 or .255 are treated
 *     as outside the pool
 * @param serviceAllocation {@code spec.serviceAllocation}, resolved against the current Namespaces;
 *     empty when the pool has none
 */
public record AddressPool(
    String name,
    List<Cidr> cidrs,
    boolean autoAssign,
    boolean avoidBuggyIPs,
    Optional<ServiceAllocation> serviceAllocation) {

  public AddressPool {
    Objects.requireNonNull(name, "name");
    cidrs = List.copyOf(cidrs);
    if (cidrs.isEmpty()) {
      throw new IllegalArgumentException("pool " + name + " has no addresses");
    }
    Objects.requireNonNull(serviceAllocation, "serviceAllocation");
  }
}
