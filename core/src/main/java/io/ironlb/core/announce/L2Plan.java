package io.ironlb.core.announce;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * This node's layer-2 work for a whole set of Services: one decision per Service, and what the
 * responders answer for on each interface.
 *
 * @param decisions every Service's decision, by {@link ServiceFacts#key()}
 * @param announcements interface name to the IPs this node answers for there: the union over all
 *     announced Services, so an IP several Services share appears once
 */
public record L2Plan(
    SortedMap<String, L2Decision> decisions,
    SortedMap<String, SortedSet<InetAddress>> announcements) {

  /** IPv4 before IPv6, then by address as unsigned bytes. */
  public static final Comparator<InetAddress> IP_ORDER =
      Comparator.<InetAddress>comparingInt(a -> a.getAddress().length)
          .thenComparing((a, b) -> Arrays.compareUnsigned(a.getAddress(), b.getAddress()));

  public L2Plan {
    decisions = Collections.unmodifiableSortedMap(new TreeMap<>(decisions));
    TreeMap<String, SortedSet<InetAddress>> frozen = new TreeMap<>();
    announcements.forEach((iface, ips) -> frozen.put(iface, frozenIps(ips)));
    announcements = Collections.unmodifiableSortedMap(frozen);
  }

  /** The plan of {@code decisions}: each Announce adds its IPs to each of its interfaces. */
  static L2Plan of(SortedMap<String, L2Decision> decisions) {
    SortedMap<String, SortedSet<InetAddress>> announcements = new TreeMap<>();
    for (L2Decision decision : decisions.values()) {
      if (decision instanceof L2Decision.Announce a) {
        for (String iface : a.interfaces()) {
          announcements.computeIfAbsent(iface, k -> new TreeSet<>(IP_ORDER)).addAll(a.ips());
        }
      }
    }
    return new L2Plan(decisions, announcements);
  }

  private static SortedSet<InetAddress> frozenIps(SortedSet<InetAddress> ips) {
    TreeSet<InetAddress> copy = new TreeSet<>(IP_ORDER);
    copy.addAll(ips);
    return Collections.unmodifiableSortedSet(copy);
  }
}
