package io.ironlb.speaker.status;

import java.util.List;
import java.util.Objects;

/**
 * What this node reports for one Service it announces over BGP.
 *
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param node this node
 * @param peers the BGPPeers the Service is configured to go to, sorted (not their session state, as
 *     MetalLB)
 */
public record BgpAnnouncement(String namespace, String name, String node, List<String> peers) {
  public BgpAnnouncement {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    peers = peers.stream().sorted().toList();
  }

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }
}
