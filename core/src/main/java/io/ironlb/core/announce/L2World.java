package io.ironlb.core.announce;

import io.ironlb.core.config.Config;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything every speaker sees alike when it plans layer-2 announcements: the same world gives
 * every speaker the same owner for each Service.
 *
 * @param config the validated configuration
 * @param nodes the cluster's Nodes by name
 * @param liveNodes nodes whose speaker is a live member of the speaker membership, this node
 *     included
 * @param ignoreExcludeLb whether the exclude-from-external-load-balancers label is ignored ({@code
 *     --ignore-exclude-lb})
 */
public record L2World(
    Config config, Map<String, NodeFacts> nodes, Set<String> liveNodes, boolean ignoreExcludeLb) {

  public L2World {
    Objects.requireNonNull(config, "config");
    nodes = Map.copyOf(nodes);
    nodes.forEach(
        (name, node) -> {
          if (!name.equals(node.name())) {
            throw new IllegalArgumentException(
                "node " + node.name() + " is filed under the name " + name);
          }
        });
    liveNodes = Set.copyOf(liveNodes);
  }

  /** The node called {@code name}; one without labels and with its network up if unknown. */
  NodeFacts node(String name) {
    NodeFacts known = nodes.get(name);
    return known != null ? known : NodeFacts.bare(name);
  }

  /** Whether {@code node} is kept out by the exclude label. */
  boolean excluded(NodeFacts node) {
    return !ignoreExcludeLb && node.excludedFromLoadBalancers();
  }
}
