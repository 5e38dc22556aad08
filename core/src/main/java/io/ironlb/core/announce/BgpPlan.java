package io.ironlb.core.announce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * This node's BGP work for a whole set of Services: one decision per Service, what each session
 * announces, and the LOCAL_PREF conflicts found on the way (METALLB-API.md §5.1).
 *
 * @param decisions every Service's decision, by {@link ServiceFacts#key()}
 * @param routes every BGP session of this node (BGPPeer name) to the routes it announces, in {@link
 *     BgpRoute#PREFIX_ORDER}: the union over all announced Services, each prefix once with the
 *     union of the communities asked for it; a session with nothing to announce has an empty list,
 *     so a speaker withdraws what it sent before
 * @param conflicts prefixes a peer would get with several localPref values, by peer then prefix
 */
public record BgpPlan(
    SortedMap<String, BgpDecision> decisions,
    SortedMap<String, List<BgpRoute>> routes,
    List<BgpConflict> conflicts) {

  private static final Comparator<BgpConflict> CONFLICT_ORDER =
      Comparator.comparing(BgpConflict::peer)
          .thenComparing(BgpConflict::prefix, BgpRoute.PREFIX_ORDER)
          .thenComparing(BgpConflict::resolution);

  public BgpPlan {
    decisions = Collections.unmodifiableSortedMap(new TreeMap<>(decisions));
    TreeMap<String, List<BgpRoute>> frozen = new TreeMap<>();
    routes.forEach((peer, list) -> frozen.put(peer, List.copyOf(list)));
    routes = Collections.unmodifiableSortedMap(frozen);
    conflicts = List.copyOf(conflicts);
  }

  /**
   * The plan of {@code decisions} for the given sessions: each Announce adds its routes to its
   * peers; Services sharing a prefix with different localPref are reported, the highest wins.
   *
   * @param withheld conflicts inside single Services, already turned into Skip decisions
   */
  static BgpPlan of(
      SortedMap<String, BgpDecision> decisions,
      Collection<String> sessions,
      List<BgpConflict> withheld) {
    BgpRouteTable table = new BgpRouteTable(sessions);
    decisions.forEach(
        (service, decision) -> {
          if (decision instanceof BgpDecision.Announce a) {
            a.routes().forEach((peer, list) -> list.forEach(r -> table.add(peer, r, service)));
          }
        });
    List<BgpConflict> conflicts = new ArrayList<>(withheld);
    conflicts.addAll(table.conflicts(BgpConflict.Resolution.HIGHEST_WINS));
    conflicts.sort(CONFLICT_ORDER);
    return new BgpPlan(decisions, table.routes(), conflicts);
  }
}
