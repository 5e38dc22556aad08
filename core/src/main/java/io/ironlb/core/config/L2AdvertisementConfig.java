package io.ironlb.core.config;

import io.ironlb.core.selector.LabelSelector;
import java.util.List;
import java.util.Objects;

/**
 * A validated {@code L2Advertisement} (METALLB-API.md §1.2).
 *
 * @param name object name
 * @param poolSelection how the object chooses pools
 * @param pools names of the pools it announces now, sorted: the selection resolved against the
 *     configuration's pools (unknown or left-out pools are dropped and reported)
 * @param nodeSelectors nodes allowed to announce (OR-ed); empty means every node
 * @param interfaces interfaces to announce from, without duplicates; empty means every eligible
 *     interface
 * @param serviceSelectors Services it applies to (OR-ed); empty means every Service of its pools
 * @param preferredNodes weighted soft preferences for the L2 election
 */
public record L2AdvertisementConfig(
    String name,
    PoolSelection poolSelection,
    List<String> pools,
    List<LabelSelector> nodeSelectors,
    List<String> interfaces,
    List<LabelSelector> serviceSelectors,
    List<PreferredNodes> preferredNodes) {

  public L2AdvertisementConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(poolSelection, "poolSelection");
    pools = List.copyOf(pools);
    nodeSelectors = List.copyOf(nodeSelectors);
    interfaces = List.copyOf(interfaces);
    serviceSelectors = List.copyOf(serviceSelectors);
    preferredNodes = List.copyOf(preferredNodes);
  }

  /** The same advertisement announcing {@code resolved} pools. */
  L2AdvertisementConfig withPools(List<String> resolved) {
    return new L2AdvertisementConfig(
        name, poolSelection, resolved, nodeSelectors, interfaces, serviceSelectors, preferredNodes);
  }

  /**
   * One {@code preferredNodeSelectors} entry: nodes matching {@code preference} earn {@code
   * weight}.
   *
   * @param weight 1..100
   * @param preference the nodes that earn it; an empty selector matches every node
   */
  public record PreferredNodes(int weight, LabelSelector preference) {
    public PreferredNodes {
      if (weight < 1 || weight > 100) {
        throw new IllegalArgumentException("weight must be 1..100, got " + weight);
      }
      Objects.requireNonNull(preference, "preference");
    }
  }
}
