package io.ironlb.core.config;

import io.ironlb.core.selector.LabelSelector;
import java.util.List;

/**
 * A validated {@code L2Advertisement}.
 *
 * @param name object name
 * @param pools names of the pools it announces (resolved from names and selectors; unknown names
 *     dropped and reported)
 * @param nodeSelectors nodes allowed to announce (OR-ed); empty means every node
 * @param interfaces interfaces to announce on; empty means every eligible interface
 * @param serviceSelectors Services it applies to (OR-ed); empty means every Service
 * @param preferredNodes weighted soft preferences for the election
 */
public record L2Adv(
    String name,
    List<String> pools,
    List<LabelSelector> nodeSelectors,
    List<String> interfaces,
    List<LabelSelector> serviceSelectors,
    List<WeightedSelector> preferredNodes) {

  public L2Adv {
    pools = List.copyOf(pools);
    nodeSelectors = List.copyOf(nodeSelectors);
    interfaces = List.copyOf(interfaces);
    serviceSelectors = List.copyOf(serviceSelectors);
    preferredNodes = List.copyOf(preferredNodes);
  }

  /** One {@code preferredNodeSelectors} entry. */
  public record WeightedSelector(int weight, LabelSelector preference) {}
}
