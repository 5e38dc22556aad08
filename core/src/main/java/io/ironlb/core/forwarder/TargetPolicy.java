package io.ironlb.core.forwarder;

import java.util.Optional;

/** Which NodePorts the forwarder relays a Service's connections and datagrams to. */
public enum TargetPolicy {
  /** This node's own NodePort (the default): the forwarder adds no extra hop. */
  LOCAL("local"),
  /** The NodePorts of the ready nodes, in turn. */
  ROUND_ROBIN("round-robin"),
  /** The ready node's NodePort with the fewest connections open through this forwarder. */
  LEAST_CONNECTIONS("least-connections");

  private final String annotationValue;

  TargetPolicy(String annotationValue) {
    this.annotationValue = annotationValue;
  }

  /** The value of {@code ironlb.io/forwarder-targets} that selects this. */
  public String annotationValue() {
    return annotationValue;
  }

  /** The policy spelled {@code text} (case-insensitive), if it is one. */
  public static Optional<TargetPolicy> fromAnnotation(String text) {
    for (TargetPolicy p : values()) {
      if (p.annotationValue.equalsIgnoreCase(text.trim())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
