package io.ironlb.core.alloc;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.config.ServiceAllocation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which pools are tried for automatic allocation (METALLB-API.md §3.3 with IronLB's
 * deterministic tie-breaks from §10.1).
 *
 * <ol>
 *   <li>Pinned pools: {@code autoAssign} and a {@code serviceAllocation} that admits the Service;
 *       by {@code priority} ascending, 0 (unset) last, negative values numerically first; ties by
 *       pool name (MetalLB: random).
 *   <li>Only then: pools with {@code autoAssign} and no {@code serviceAllocation}, by name.
 * </ol>
 *
 * A pool whose {@code serviceAllocation} does not admit the Service is never used for it.
 */
final class PoolOrder {

  private static final Comparator<AddressPool> PINNED =
      Comparator.comparingInt((AddressPool p) -> sortablePriority(p.serviceAllocation().get()))
          .thenComparing(AddressPool::name);

  private PoolOrder() {}

  static List<AddressPool> forAutomaticAllocation(
      Collection<AddressPool> pools, ServiceRequest req) {
    List<AddressPool> pinned = new ArrayList<>();
    List<AddressPool> unpinned = new ArrayList<>();
    for (AddressPool p : pools) {
      if (!p.autoAssign()) {
        continue;
      }
      if (p.serviceAllocation().isEmpty()) {
        unpinned.add(p);
      } else if (Allocator.admits(p, req)) {
        pinned.add(p);
      }
    }
    pinned.sort(PINNED);
    unpinned.sort(Comparator.comparing(AddressPool::name));
    List<AddressPool> out = new ArrayList<>(pinned);
    out.addAll(unpinned);
    return out;
  }

  /** 0 means "unset" and sorts after every explicit priority. */
  private static int sortablePriority(ServiceAllocation sa) {
    return sa.priority() == 0 ? Integer.MAX_VALUE : sa.priority();
  }
}
