package io.ironlb.core.config;

import io.ironlb.core.ip.Cidr;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The pools a parse settled on, with what advertisements need to refer to them: their labels (for
 * {@code ipAddressPoolSelectors}), the CIDRs of each address entry (for aggregation lengths, V7),
 * and the names of every pool object, valid or not (to tell "unknown" from "left out").
 *
 * @param pools the pools of the new configuration
 * @param labels pool name to its object's labels
 * @param entries pool name to its CIDRs grouped by {@code spec.addresses} entry; a pool kept at its
 *     last valid version has one group per CIDR (its entries are no longer known)
 * @param declared the names of every IPAddressPool object given
 */
record PoolCatalog(
    SortedMap<String, AddressPool> pools,
    Map<String, Map<String, String>> labels,
    Map<String, List<List<Cidr>>> entries,
    Set<String> declared) {

  Map<String, String> labelsOf(String pool) {
    return labels.getOrDefault(pool, Map.of());
  }

  List<List<Cidr>> entriesOf(String pool) {
    return entries.getOrDefault(pool, pools.get(pool).cidrs().stream().map(List::of).toList());
  }
}
