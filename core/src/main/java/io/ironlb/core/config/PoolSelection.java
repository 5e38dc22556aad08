package io.ironlb.core.config;

import io.ironlb.core.selector.LabelSelector;
import java.util.List;

/**
 * How an advertisement chooses its pools ({@code ipAddressPools} and {@code
 * ipAddressPoolSelectors}), kept beside the resolved pool list so a last valid version can be
 * resolved again against the pools of a later configuration.
 *
 * @param names pools by name
 * @param selectors pools by label, OR-ed
 */
public record PoolSelection(List<String> names, List<LabelSelector> selectors) {

  public PoolSelection {
    names = List.copyOf(names);
    selectors = List.copyOf(selectors);
  }

  /** With neither names nor selectors, an advertisement applies to every pool (§1.2). */
  public boolean selectsAll() {
    return names.isEmpty() && selectors.isEmpty();
  }
}
