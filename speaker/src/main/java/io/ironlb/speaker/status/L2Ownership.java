package io.ironlb.speaker.status;

import java.util.List;
import java.util.Objects;

/**
 * What this node reports for one Service it announces in layer 2.
 *
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param node this node
 * @param interfaces the interfaces the Service's IPs are answered on
 */
public record L2Ownership(String namespace, String name, String node, List<String> interfaces) {
  public L2Ownership {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    interfaces = List.copyOf(interfaces);
  }

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }
}
