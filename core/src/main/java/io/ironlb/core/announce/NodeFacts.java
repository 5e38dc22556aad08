package io.ironlb.core.announce;

import java.util.Map;
import java.util.Objects;

/**
 * What the layer-2 and BGP planners needs to know about one Kubernetes Node.
 *
 * @param name the Node's {@code metadata.name}
 * @param labels the Node's labels, matched by advertisement node selectors and preferences
 * @param networkUnavailable whether the Node has condition {@code NetworkUnavailable=True}; such a
 *     node never announces (METALLB-API.md §4.1 step 5)
 */
public record NodeFacts(String name, Map<String, String> labels, boolean networkUnavailable) {

  /** The label that keeps a node out of load balancing, whatever its value. */
  static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

  public NodeFacts {
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
  }

  /** A node nothing is known about: no labels, network available. */
  static NodeFacts bare(String name) {
    return new NodeFacts(name, Map.of(), false);
  }

  /** Whether the node carries the exclude-from-external-load-balancers label (any value). */
  public boolean excludedFromLoadBalancers() {
    return labels.containsKey(EXCLUDE_LABEL);
  }
}
