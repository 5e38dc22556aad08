package io.ironlb.core.announce;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nodes that may win a Service's layer-2 election (METALLB-API.md §4.1 steps 5 and 6), with
 * their preference scores, and the sentences that explain a lost election.
 */
final class Candidates {

  private Candidates() {}

  /**
   * Live nodes with a Node object, network available, not excluded, included by an advertisement
   * and, under the Local policy, hosting a serving endpoint; each with its score.
   */
  static Map<String, Integer> scored(ServiceFacts service, L2World world, ServiceAds ads) {
    Map<String, Integer> scores = new TreeMap<>();
    world.liveNodes().stream()
        .filter(world.nodes()::containsKey)
        .map(world::node)
        .filter(n -> !n.networkUnavailable() && !world.excluded(n))
        .filter(n -> !ads.including(n).isEmpty())
        .filter(
            n ->
                service.trafficPolicy() == TrafficPolicy.CLUSTER
                    || service.nodesWithServingEndpoints().contains(n.name()))
        .forEach(n -> scores.put(n.name(), ads.score(n)));
    return scores;
  }

  /** Why this node lost: who owns the IP among which candidates, and why this node is not one. */
  static String notOwner(List<String> order, String ip, L2World world, LocalNode self) {
    String owner =
        order.isEmpty()
            ? "no node is eligible to announce " + ip + " (candidates: none)"
            : order.get(0)
                + " is the owner of "
                + ip
                + " (candidates: "
                + String.join(", ", order)
                + ")";
    if (!world.liveNodes().contains(self.name())) {
      return owner + "; " + self.name() + " is not a live member of the speaker membership";
    }
    if (!world.nodes().containsKey(self.name())) {
      return owner + "; " + self.name() + " has no Node object";
    }
    return owner;
  }

  /** Why no interface is left: the named ones are all missing, or the node has none usable. */
  static String noInterface(ServiceAds mine, LocalNode self) {
    if (mine.allowsAllInterfaces()) {
      return "no usable interface on node " + self.name();
    }
    return "none of the interfaces "
        + String.join(", ", mine.namedInterfaces())
        + " named by L2Advertisement "
        + String.join(", ", mine.names())
        + " is usable on node "
        + self.name();
  }
}
