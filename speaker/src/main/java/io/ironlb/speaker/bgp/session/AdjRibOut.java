package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the peer has from us (RFC 4271 §3.2 Adj-RIB-Out), per family, and the UPDATEs that bring it
 * to what the {@link RouteSource} holds now: withdrawals first, then announcements grouped by
 * attribute set, each group packed into as few UPDATEs as fit.
 */
final class AdjRibOut {

  private final Map<AddressFamily, Map<Prefix, RouteAttributes>> sent = new HashMap<>();

  /** The session went down: the peer dropped everything we sent. */
  void clear() {
    sent.clear();
  }

  /** Prefixes the peer has of {@code family}. */
  int size(AddressFamily family) {
    return sent.getOrDefault(family, Map.of()).size();
  }

  /**
   * The UPDATEs that bring {@code family} at the peer to {@code desired}; with {@code everything},
   * unchanged routes are sent again too (ROUTE-REFRESH, RFC 2918 §4; the initial announcement).
   */
  List<Update> sync(
      AddressFamily family, List<RouteGroup> desired, boolean everything, UpdateFactory factory) {
    Map<Prefix, RouteAttributes> want = flatten(desired, family.afi() == AddressFamily.AFI_IPV6);
    Map<Prefix, RouteAttributes> have = sent.computeIfAbsent(family, f -> new HashMap<>());
    List<Prefix> gone = new ArrayList<>();
    have.keySet().stream().filter(p -> !want.containsKey(p)).forEach(gone::add);
    Map<RouteAttributes, List<Prefix>> announce = new LinkedHashMap<>();
    want.forEach(
        (p, a) -> {
          if (everything || !a.equals(have.get(p))) {
            announce.computeIfAbsent(a, k -> new ArrayList<>()).add(p);
          }
        });
    List<Update> updates = new ArrayList<>(factory.withdraw(family, gone));
    announce.forEach((a, prefixes) -> updates.addAll(factory.announce(family, a, prefixes)));
    have.clear();
    have.putAll(want);
    return updates;
  }

  /**
   * Prefix by prefix, in the source's order; a prefix listed twice keeps its first attributes, a
   * prefix of the other family is left out.
   */
  private static Map<Prefix, RouteAttributes> flatten(List<RouteGroup> groups, boolean ipv6) {
    Map<Prefix, RouteAttributes> out = new LinkedHashMap<>();
    for (RouteGroup g : groups) {
      g.prefixes().stream()
          .filter(p -> p.isIpv6() == ipv6)
          .forEach(p -> out.putIfAbsent(p, g.attributes()));
    }
    return out;
  }
}
