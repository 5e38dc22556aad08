package io.ironlb.core.config;

import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.selector.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * V9 (METALLB-API.md §1.9): two BGPAdvertisements must not send the same route to the same peer
 * from the same node with different LOCAL_PREF, or the router would see one prefix with two
 * preferences. Two advertisements of a common pool clash when their localPref differs and none of
 * MetalLB's exemptions holds: either has serviceSelectors (checked per Service by the speaker),
 * their aggregation lengths differ for the families the pool holds, both name peers and no peer in
 * common, or no Node matches both node selections.
 */
final class LocalPrefConflicts {

  private final PoolCatalog pools;
  private final Map<String, Map<String, String>> nodeLabels;

  LocalPrefConflicts(PoolCatalog pools, Map<String, Map<String, String>> nodeLabels) {
    this.pools = pools;
    this.nodeLabels = nodeLabels;
  }

  Optional<Versions.Conflict> between(
      String myName, BgpAdvertisementConfig mine, String otherName, BgpAdvertisementConfig other) {
    if (mine.localPref() == other.localPref()
        || !mine.serviceSelectors().isEmpty()
        || !other.serviceSelectors().isEmpty()
        || disjointPeers(mine.peers(), other.peers())
        || disjoint(nodes(mine.nodeSelectors()), nodes(other.nodeSelectors()))) {
      return Optional.empty();
    }
    for (String pool : mine.pools()) {
      if (other.pools().contains(pool) && sameUpdates(mine, other, pool)) {
        return Optional.of(
            new Versions.Conflict(
                "spec.localPref",
                "localPref "
                    + mine.localPref()
                    + " conflicts with localPref "
                    + other.localPref()
                    + " of BGPAdvertisement \""
                    + otherName
                    + "\" for the routes of IPAddressPool \""
                    + pool
                    + "\" (same aggregation, peers and nodes)"));
      }
    }
    return Optional.empty();
  }

  private static boolean disjointPeers(List<String> a, List<String> b) {
    return !a.isEmpty() && !b.isEmpty() && a.stream().noneMatch(b::contains);
  }

  private static boolean disjoint(Set<String> a, Set<String> b) {
    return a.stream().noneMatch(b::contains);
  }

  /**
   * MetalLB's {@code isAggrLengthDifferent}: the advertisements produce distinct updates for a pool
   * only if their aggregation lengths differ for every family the pool holds.
   */
  private boolean sameUpdates(BgpAdvertisementConfig a, BgpAdvertisementConfig b, String pool) {
    List<Cidr> cidrs = pools.pools().get(pool).cidrs();
    boolean v4 = cidrs.stream().anyMatch(c -> c.family() == IpFamily.IPV4);
    boolean v6 = cidrs.stream().anyMatch(c -> c.family() == IpFamily.IPV6);
    boolean differ4 = a.aggregationLength() != b.aggregationLength();
    boolean differ6 = a.aggregationLengthV6() != b.aggregationLengthV6();
    return !((!v4 || differ4) && (!v6 || differ6));
  }

  /** The Nodes an advertisement's node selectors reach (all Nodes when there are none). */
  private Set<String> nodes(List<LabelSelector> selectors) {
    Set<String> out = new TreeSet<>();
    nodeLabels.forEach(
        (node, labels) -> {
          if (selectors.isEmpty() || selectors.stream().anyMatch(s -> s.matches(labels))) {
            out.add(node);
          }
        });
    return out;
  }
}
