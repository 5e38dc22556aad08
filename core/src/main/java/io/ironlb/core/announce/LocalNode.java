package io.ironlb.core.announce;

import java.util.Objects;
import java.util.Set;

/**
 * The node this speaker runs on, as only this speaker sees it.
 *
 * @param name the node's name
 * @param interfaces names of the network interfaces this node may announce from
 * @param quorum false when the membership has fenced this speaker off (it lost contact with the
 *     majority), in which case it announces nothing
 */
public record LocalNode(String name, Set<String> interfaces, boolean quorum) {

  public LocalNode {
    Objects.requireNonNull(name, "name");
    interfaces = Set.copyOf(interfaces);
  }
}
