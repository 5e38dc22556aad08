package io.ironlb.core.announce;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** What this node does for one Service over BGP: announce it, or skip it for a reason. */
public sealed interface BgpDecision permits BgpDecision.Announce, BgpDecision.Skip {

  /**
   * This node announces the Service's IPs to its peers.
   *
   * @param pool the pool the Service's IPs come from
   * @param ips the Service's IPs in that pool, in status order; never empty
   * @param advertisements the names of the BGPAdvertisements that apply here, sorted; never empty
   * @param routes BGPPeer name to the routes for it, in {@link BgpRoute#PREFIX_ORDER}, each prefix
   *     once; never empty, and no peer has an empty list. The keys are the peers the Service is
   *     announced to (ServiceBGPStatus)
   */
  record Announce(
      String pool,
      List<InetAddress> ips,
      List<String> advertisements,
      SortedMap<String, List<BgpRoute>> routes)
      implements BgpDecision {
    public Announce {
      Objects.requireNonNull(pool, "pool");
      ips = List.copyOf(ips);
      advertisements = List.copyOf(advertisements.stream().sorted().toList());
      routes = frozen(routes);
      if (ips.isEmpty() || advertisements.isEmpty() || routes.isEmpty()) {
        throw new IllegalArgumentException("an announcement needs IPs, advertisements and routes");
      }
    }

    private static SortedMap<String, List<BgpRoute>> frozen(Map<String, List<BgpRoute>> routes) {
      SortedMap<String, List<BgpRoute>> copy = new TreeMap<>();
      routes.forEach(
          (peer, list) -> {
            List<BgpRoute> sorted = new ArrayList<>(list);
            sorted.sort((a, b) -> BgpRoute.PREFIX_ORDER.compare(a.prefix(), b.prefix()));
            for (int i = 1; i < sorted.size(); i++) {
              if (sorted.get(i).prefix().equals(sorted.get(i - 1).prefix())) {
                throw new IllegalArgumentException(
                    "prefix " + sorted.get(i).prefix() + " twice for peer " + peer);
              }
            }
            if (sorted.isEmpty()) {
              throw new IllegalArgumentException("peer " + peer + " has no routes");
            }
            copy.put(peer, List.copyOf(sorted));
          });
      return Collections.unmodifiableSortedMap(copy);
    }
  }

  /**
   * This node does not announce the Service; nothing of it goes to any peer.
   *
   * @param reason why, as a closed set
   * @param message a sentence for operators naming what is missing
   */
  record Skip(BgpReason reason, String message) implements BgpDecision {
    public Skip {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
