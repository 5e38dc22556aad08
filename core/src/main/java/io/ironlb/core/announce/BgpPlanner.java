package io.ironlb.core.announce;

import io.ironlb.core.config.BgpPeerConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides, purely from what it is given, what this node announces over BGP for each Service
 * (METALLB-API.md §2.4, §5.1), and if nothing, why. There is no election: every node that passes
 * the checks announces, and the routers spread traffic over them.
 *
 * <p>The checks run in a fixed order and the first failure wins: an IP, its pool, an advertisement
 * for the pool, the Service and this node; a session the advertisements reach; no LOCAL_PREF clash
 * among them; this node's network; the exclude label; endpoints (§5.1's order).
 */
public final class BgpPlanner {

  /**
   * The BGPPeers {@code node} opens sessions to: those whose node selectors are empty or match the
   * node's labels (§1.4, OR-ed), by name. Node conditions and the exclude label do not matter: the
   * session runs, only what it announces changes.
   */
  public static SortedSet<String> peersFor(NodeFacts node, BgpWorld world) {
    return world.config().bgpPeers().values().stream()
        .filter(
            p ->
                p.nodeSelectors().isEmpty()
                    || p.nodeSelectors().stream().anyMatch(s -> s.matches(node.labels())))
        .map(BgpPeerConfig::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** One Service's decision on {@code self}, which has sessions to {@code sessions}. */
  public BgpDecision decide(
      ServiceFacts service, BgpWorld world, NodeFacts self, Set<String> sessions) {
    return new BgpServiceCheck(service, world, self, known(sessions, world)).verdict().decision();
  }

  /** Every Service's decision and the plan, with the sessions {@link #peersFor} gives. */
  public BgpPlan plan(Collection<ServiceFacts> services, BgpWorld world, NodeFacts self) {
    return plan(services, world, self, peersFor(self, world));
  }

  /**
   * Every Service's decision, what each of {@code sessions} announces (a prefix once, communities
   * united) and the LOCAL_PREF conflicts; IllegalArgumentException if a Service is listed twice or
   * a session names no BGPPeer.
   */
  public BgpPlan plan(
      Collection<ServiceFacts> services, BgpWorld world, NodeFacts self, Set<String> sessions) {
    Set<String> peers = known(sessions, world);
    SortedMap<String, BgpDecision> decisions = new TreeMap<>();
    List<BgpConflict> withheld = new ArrayList<>();
    for (ServiceFacts service : services) {
      BgpServiceCheck.Verdict v = new BgpServiceCheck(service, world, self, peers).verdict();
      if (decisions.put(service.key(), v.decision()) != null) {
        throw new IllegalArgumentException("Service " + service.key() + " is listed twice");
      }
      withheld.addAll(v.conflicts());
    }
    return BgpPlan.of(decisions, peers, withheld);
  }

  private static Set<String> known(Set<String> sessions, BgpWorld world) {
    for (String s : sessions) {
      if (!world.config().bgpPeers().containsKey(s)) {
        throw new IllegalArgumentException("session " + s + " names no BGPPeer");
      }
    }
    return Set.copyOf(sessions);
  }
}
