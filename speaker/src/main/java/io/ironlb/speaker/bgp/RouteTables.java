package io.ironlb.speaker.bgp;

import io.ironlb.core.announce.BgpRoute;
import io.ironlb.core.config.BgpCommunity;
import io.ironlb.speaker.bgp.session.RouteAttributes;
import io.ironlb.speaker.bgp.session.RouteGroup;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.attr.LargeCommunities.LargeCommunity;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planner's routes for one peer as the session sends them: per family, prefixes grouped by
 * attribute set, so each set goes out in as few UPDATEs as fit.
 */
final class RouteTables {

  private RouteTables() {}

  /** {@code routes} (one peer's, each prefix once) by family, then by attributes. */
  static Map<AddressFamily, List<RouteGroup>> of(List<BgpRoute> routes) {
    Map<AddressFamily, Map<RouteAttributes, List<Prefix>>> grouped = new LinkedHashMap<>();
    for (BgpRoute r : routes) {
      AddressFamily family =
          r.prefix().network() instanceof Inet6Address
              ? AddressFamily.IPV6_UNICAST
              : AddressFamily.IPV4_UNICAST;
      grouped
          .computeIfAbsent(family, f -> new LinkedHashMap<>())
          .computeIfAbsent(attributes(r), a -> new ArrayList<>())
          .add(new Prefix(r.prefix().network(), r.prefix().prefixLength()));
    }
    Map<AddressFamily, List<RouteGroup>> out = new LinkedHashMap<>();
    grouped.forEach(
        (family, byAttributes) ->
            out.put(
                family,
                byAttributes.entrySet().stream()
                    .map(e -> new RouteGroup(e.getKey(), e.getValue()))
                    .toList()));
    return out;
  }

  /** How many prefixes the table holds. */
  static int prefixCount(Map<AddressFamily, List<RouteGroup>> table) {
    return table.values().stream().flatMap(List::stream).mapToInt(g -> g.prefixes().size()).sum();
  }

  private static RouteAttributes attributes(BgpRoute r) {
    List<Long> standard = new ArrayList<>();
    List<LargeCommunity> large = new ArrayList<>();
    for (BgpCommunity c : r.communities()) {
      if (c instanceof BgpCommunity.Standard s) {
        standard.add(s.value());
      } else if (c instanceof BgpCommunity.Large l) {
        large.add(new LargeCommunity(l.globalAdministrator(), l.localData1(), l.localData2()));
      }
    }
    return new RouteAttributes(r.localPref(), standard, large);
  }
}
