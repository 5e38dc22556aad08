package io.ironlb.core.announce;

import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** What this node does for one Service over layer 2: announce it, or skip it for a reason. */
public sealed interface L2Decision permits L2Decision.Announce, L2Decision.Skip {

  /**
   * This node owns the Service and answers ARP/NDP for its IPs on the given interfaces.
   *
   * @param node this node's name
   * @param pool the pool the Service's IPs come from
   * @param ips the Service's IPs that a pool contains, in status order; never empty
   * @param interfaces the interfaces to answer on, sorted; never empty
   */
  record Announce(String node, String pool, List<InetAddress> ips, SortedSet<String> interfaces)
      implements L2Decision {
    public Announce {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(pool, "pool");
      ips = List.copyOf(ips);
      interfaces = Collections.unmodifiableSortedSet(new TreeSet<>(interfaces));
      if (ips.isEmpty() || interfaces.isEmpty()) {
        throw new IllegalArgumentException("an announcement needs IPs and interfaces");
      }
    }
  }

  /**
   * This node does not announce the Service.
   *
   * @param reason why, as a closed set
   * @param message a sentence for operators naming what is missing
   */
  record Skip(L2Reason reason, String message) implements L2Decision {
    public Skip {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
