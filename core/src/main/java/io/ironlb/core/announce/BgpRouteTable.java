package io.ironlb.core.announce;

import io.ironlb.core.config.BgpCommunity;
import io.ironlb.core.ip.Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Routes gathered per peer and prefix, so that a prefix several advertisements or Services produce
 * goes to a peer once, with the union of their communities (METALLB-API.md §5.1, as MetalLB's
 * native session merges them), and so that clashing LOCAL_PREF values come to light.
 */
final class BgpRouteTable {

  /** What every contributor to one prefix on one peer wants. */
  private static final class Slot {
    private final SortedMap<Long, SortedSet<String>> servicesByLocalPref = new TreeMap<>();
    private final SortedSet<BgpCommunity> communities = new TreeSet<>();
  }

  private final SortedMap<String, SortedMap<Cidr, Slot>> byPeer = new TreeMap<>();

  /** A table in which each of {@code peers} appears, even if nothing is added for it. */
  BgpRouteTable(Collection<String> peers) {
    peers.forEach(this::peer);
  }

  /** Adds {@code route} for {@code peer}, produced for the Service {@code service}. */
  void add(String peer, BgpRoute route, String service) {
    Slot slot = peer(peer).computeIfAbsent(route.prefix(), p -> new Slot());
    slot.servicesByLocalPref.computeIfAbsent(route.localPref(), v -> new TreeSet<>()).add(service);
    slot.communities.addAll(route.communities());
  }

  /**
   * Per peer, each prefix once, in {@link BgpRoute#PREFIX_ORDER}: with the highest localPref
   * offered (see {@link BgpConflict.Resolution#HIGHEST_WINS}) and every contributor's communities.
   */
  SortedMap<String, List<BgpRoute>> routes() {
    SortedMap<String, List<BgpRoute>> out = new TreeMap<>();
    byPeer.forEach(
        (peer, slots) -> {
          List<BgpRoute> routes = new ArrayList<>();
          slots.forEach(
              (prefix, slot) ->
                  routes.add(
                      new BgpRoute(
                          prefix,
                          slot.servicesByLocalPref.lastKey(),
                          List.copyOf(slot.communities))));
          out.put(peer, List.copyOf(routes));
        });
    return out;
  }

  /** Every prefix some peer would get with more than one localPref, settled by {@code how}. */
  List<BgpConflict> conflicts(BgpConflict.Resolution how) {
    List<BgpConflict> out = new ArrayList<>();
    byPeer.forEach(
        (peer, slots) ->
            slots.forEach(
                (prefix, slot) -> {
                  if (slot.servicesByLocalPref.size() > 1) {
                    List<String> services =
                        slot.servicesByLocalPref.values().stream()
                            .flatMap(SortedSet::stream)
                            .toList();
                    out.add(
                        new BgpConflict(
                            peer,
                            prefix,
                            List.copyOf(slot.servicesByLocalPref.keySet()),
                            services,
                            how));
                  }
                }));
    return out;
  }

  private SortedMap<Cidr, Slot> peer(String name) {
    return byPeer.computeIfAbsent(name, p -> new TreeMap<>(BgpRoute.PREFIX_ORDER));
  }
}
