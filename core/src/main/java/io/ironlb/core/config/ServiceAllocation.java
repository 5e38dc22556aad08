package io.ironlb.core.config;

import io.ironlb.core.selector.LabelSelector;
import java.util.List;
import java.util.Set;

/**
 * A pool's {@code spec.serviceAllocation}, with {@code namespaceSelectors} already resolved against
 * the Namespaces that exist.
 *
 * @param priority lower is tried first; 0 (unset) is tried after every non-zero priority; negative
 *     values are allowed and sort numerically (so before positive ones)
 * @param namespacesRestricted true when {@code namespaces} or {@code namespaceSelectors} is set:
 *     the pool then serves only Services in {@code namespaces}. IronLB decision: a pool whose
 *     namespace selectors match no Namespace serves no Service (MetalLB treats it as serving every
 *     namespace on explicit requests).
 * @param namespaces the allowed namespaces: the listed ones plus those the selectors match now
 * @param serviceSelectors Service label selectors, OR-ed; empty means every Service
 */
public record ServiceAllocation(
    int priority,
    boolean namespacesRestricted,
    Set<String> namespaces,
    List<LabelSelector> serviceSelectors) {

  public ServiceAllocation {
    namespaces = Set.copyOf(namespaces);
    serviceSelectors = List.copyOf(serviceSelectors);
  }

  /**
   * Whether a Service in {@code namespace} carrying {@code labels} may take an IP from the pool.
   */
  public boolean admits(String namespace, java.util.Map<String, String> labels) {
    if (namespacesRestricted && !namespaces.contains(namespace)) {
      return false;
    }
    return serviceSelectors.isEmpty() || serviceSelectors.stream().anyMatch(s -> s.matches(labels));
  }
}
