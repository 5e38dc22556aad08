package io.ironlb.core.alloc;

import java.net.InetAddress;
import java.util.List;

/**
 * What one Service holds: its pool, its IPs (one, or one per family), and the terms under which it
 * may share them.
 */
record Allocation(String pool, List<InetAddress> ips, SharingTerms terms) {

  Allocation {
    ips = List.copyOf(ips);
  }

  Allocation inPool(String name) {
    return new Allocation(name, ips, terms);
  }
}
