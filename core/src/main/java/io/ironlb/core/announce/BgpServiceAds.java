package io.ironlb.core.announce;

import io.ironlb.core.config.BgpAdvertisementConfig;
import io.ironlb.core.config.Config;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.selector.LabelSelector;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The BGPAdvertisements that apply to one Service (METALLB-API.md §1.3, §5.1): which pools,
 * Services, nodes and peers they select, and the routes they make of the Service's IPs.
 */
record BgpServiceAds(List<BgpAdvertisementConfig> ads) {

  BgpServiceAds {
    ads = List.copyOf(ads);
  }

  /** The advertisements announcing {@code pool}, in name order. */
  static BgpServiceAds ofPool(Config config, String pool) {
    return new BgpServiceAds(
        config.bgpAdvertisements().values().stream()
            .filter(ad -> ad.pools().contains(pool))
            .toList());
  }

  /** Those whose service selectors are empty or match {@code labels} (OR-ed). */
  BgpServiceAds selecting(Map<String, String> labels) {
    return new BgpServiceAds(
        ads.stream().filter(ad -> allOrAny(ad.serviceSelectors(), labels)).toList());
  }

  /** Those whose node selectors are empty or match {@code node}'s labels (OR-ed). */
  BgpServiceAds including(NodeFacts node) {
    return new BgpServiceAds(
        ads.stream().filter(ad -> allOrAny(ad.nodeSelectors(), node.labels())).toList());
  }

  /** Those that send to at least one of {@code sessions}. */
  BgpServiceAds reaching(Set<String> sessions) {
    return new BgpServiceAds(ads.stream().filter(ad -> !peers(ad, sessions).isEmpty()).toList());
  }

  boolean isEmpty() {
    return ads.isEmpty();
  }

  List<String> names() {
    return ads.stream().map(BgpAdvertisementConfig::name).toList();
  }

  /** The peer names these advertisements restrict themselves to. */
  SortedSet<String> namedPeers() {
    SortedSet<String> named = new TreeSet<>();
    ads.forEach(ad -> named.addAll(ad.peers()));
    return named;
  }

  /**
   * Every advertisement's route for every IP, per session it reaches (§5.1: one route per IP and
   * advertisement; the prefix is the IP masked to the aggregation length of its family).
   */
  BgpRouteTable routes(List<InetAddress> ips, Set<String> sessions, String service) {
    BgpRouteTable table = new BgpRouteTable(List.of());
    for (BgpAdvertisementConfig ad : ads) {
      for (InetAddress ip : ips) {
        BgpRoute route = new BgpRoute(prefix(ad, ip), ad.localPref(), ad.communities());
        peers(ad, sessions).forEach(peer -> table.add(peer, route, service));
      }
    }
    return table;
  }

  /** §1.3 {@code peers}: the named sessions, or every session when it names none. */
  private static SortedSet<String> peers(BgpAdvertisementConfig ad, Set<String> sessions) {
    SortedSet<String> out = new TreeSet<>(sessions);
    if (!ad.peers().isEmpty()) {
      out.retainAll(ad.peers());
    }
    return out;
  }

  private static Cidr prefix(BgpAdvertisementConfig ad, InetAddress ip) {
    boolean v4 = IpFamily.of(ip) == IpFamily.IPV4;
    return new Cidr(ip, v4 ? ad.aggregationLength() : ad.aggregationLengthV6());
  }

  private static boolean allOrAny(List<LabelSelector> selectors, Map<String, String> labels) {
    return selectors.isEmpty() || selectors.stream().anyMatch(s -> s.matches(labels));
  }
}
