package io.ironlb.core.announce;

import io.ironlb.core.config.Config;
import io.ironlb.core.config.L2AdvertisementConfig;
import io.ironlb.core.selector.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The L2Advertisements that apply to one Service (METALLB-API.md §1.2, §4.1 step 2): which nodes
 * they let announce, how those nodes score in the election, and which interfaces they name.
 */
record ServiceAds(List<L2AdvertisementConfig> ads) {

  ServiceAds {
    ads = List.copyOf(ads);
  }

  /** The advertisements announcing {@code pool}, in name order. */
  static ServiceAds ofPool(Config config, String pool) {
    return new ServiceAds(
        config.l2Advertisements().values().stream()
            .filter(ad -> ad.pools().contains(pool))
            .toList());
  }

  /** Those of these advertisements whose service selectors are empty or match {@code labels}. */
  ServiceAds selecting(Map<String, String> labels) {
    return new ServiceAds(
        ads.stream()
            .filter(
                ad -> ad.serviceSelectors().isEmpty() || anyMatches(ad.serviceSelectors(), labels))
            .toList());
  }

  boolean isEmpty() {
    return ads.isEmpty();
  }

  /** The names of the advertisements that select Services by label. */
  List<String> withServiceSelectors() {
    return ads.stream()
        .filter(ad -> !ad.serviceSelectors().isEmpty())
        .map(L2AdvertisementConfig::name)
        .toList();
  }

  /** The advertisements whose node selectors let {@code node} announce. */
  ServiceAds including(NodeFacts node) {
    return new ServiceAds(ads.stream().filter(ad -> includes(ad, node)).toList());
  }

  /** The node's election score: matching preference weights summed over ads that include it. */
  int score(NodeFacts node) {
    return including(node).ads.stream()
        .flatMap(ad -> ad.preferredNodes().stream())
        .filter(p -> p.preference().matches(node.labels()))
        .mapToInt(L2AdvertisementConfig.PreferredNodes::weight)
        .sum();
  }

  /** Whether some advertisement leaves the interface choice open (announce on all). */
  boolean allowsAllInterfaces() {
    return ads.stream().anyMatch(ad -> ad.interfaces().isEmpty());
  }

  /** The union of the interfaces these advertisements name. */
  SortedSet<String> namedInterfaces() {
    SortedSet<String> named = new TreeSet<>();
    ads.forEach(ad -> named.addAll(ad.interfaces()));
    return named;
  }

  /** The interfaces to announce on among {@code usable} (§1.2: any "all" ad means all). */
  SortedSet<String> interfacesAmong(Set<String> usable) {
    SortedSet<String> chosen = allowsAllInterfaces() ? new TreeSet<>(usable) : namedInterfaces();
    chosen.retainAll(usable);
    return chosen;
  }

  List<String> names() {
    return ads.stream().map(L2AdvertisementConfig::name).toList();
  }

  private static boolean includes(L2AdvertisementConfig ad, NodeFacts node) {
    return ad.nodeSelectors().isEmpty() || anyMatches(ad.nodeSelectors(), node.labels());
  }

  private static boolean anyMatches(List<LabelSelector> selectors, Map<String, String> labels) {
    return selectors.stream().anyMatch(s -> s.matches(labels));
  }
}
