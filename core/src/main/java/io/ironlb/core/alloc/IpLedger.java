package io.ironlb.core.alloc;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.ip.IpText;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who uses each IP and on what terms (METALLB-API.md §3.1), and where the free addresses of each
 * pool begin.
 *
 * <p>Finding "the first free address in declaration order" by walking every CIDR from its start
 * would make N allocations cost O(N²). Instead each (pool, CIDR) keeps a cursor below which every
 * address is in use (or unusable under avoidBuggyIPs); a scan for a fresh address starts there, and
 * freeing an address moves the cursor back to it. The answer is the same as a full walk.
 */
final class IpLedger {

  private record CursorKey(String pool, Cidr cidr) {}

  private final Map<InetAddress, Map<String, SharingTerms>> users = new HashMap<>();
  private final Map<CursorKey, BigInteger> cursors = new HashMap<>();
  private List<AddressPool> pools = List.of();

  /** New pools: cursors start over (the walk order may have changed). */
  void setPools(Collection<AddressPool> newPools) {
    pools = List.copyOf(newPools);
    cursors.clear();
  }

  void add(InetAddress ip, String service, SharingTerms terms) {
    users.computeIfAbsent(ip, k -> new HashMap<>()).put(service, terms);
  }

  void remove(InetAddress ip, String service) {
    Map<String, SharingTerms> u = users.get(ip);
    if (u == null) {
      return;
    }
    u.remove(service);
    if (u.isEmpty()) {
      users.remove(ip);
      markFree(ip);
    }
  }

  /** A Service that keeps {@code req} from holding {@code ip}, and why. */
  record Conflict(String otherService, String reason) {}

  /** Why {@code req} may not hold {@code ip} next to its current users (§2.3), or null. */
  Conflict conflict(InetAddress ip, ServiceRequest req) {
    Map<String, SharingTerms> u = users.getOrDefault(ip, Map.of());
    for (Map.Entry<String, SharingTerms> other : new TreeMap<>(u).entrySet()) {
      if (other.getKey().equals(req.key())) {
        continue; // a Service alone on its IP may change its own terms (§2.3)
      }
      String why = req.sharing().conflictWith(other.getKey(), other.getValue());
      if (why != null) {
        return new Conflict(other.getKey(), why);
      }
    }
    return null;
  }

  /**
   * The first address of family {@code f} in {@code pool}, in declaration order, that {@code req}
   * may hold (§3.4): a free one, or with a sharing key possibly one it can share; null if none.
   */
  InetAddress firstUsable(AddressPool pool, IpFamily f, ServiceRequest req) {
    boolean sharing = !req.sharing().sharingKey().isEmpty();
    for (Cidr cidr : pool.cidrs()) {
      if (cidr.family() != f) {
        continue;
      }
      CursorKey key = new CursorKey(pool.name(), cidr);
      BigInteger v = Cidr.toBigInteger(cidr.first());
      if (!sharing && cursors.containsKey(key)) {
        v = v.max(cursors.get(key)); // a sharer must look at used IPs too, so it starts at 0
      }
      BigInteger last = Cidr.toBigInteger(cidr.last());
      for (; v.compareTo(last) <= 0; v = v.add(BigInteger.ONE)) {
        InetAddress ip = Cidr.toAddress(v, f.bits());
        if (!usable(pool, ip)) {
          continue;
        }
        if (!users.containsKey(ip)) {
          if (!sharing) {
            cursors.put(key, v); // everything before v is in use or unusable
          }
          return ip;
        }
        if (sharing && conflict(ip, req) == null) {
          return ip; // §2.3: pack onto the first compatible IP already in use
        }
      }
      if (!sharing) {
        cursors.put(key, last.add(BigInteger.ONE));
      }
    }
    return null;
  }

  /** Lowers the cursors of the CIDRs holding {@code ip}, which just became free. */
  private void markFree(InetAddress ip) {
    BigInteger v = Cidr.toBigInteger(ip);
    for (AddressPool pool : pools) {
      for (Cidr cidr : pool.cidrs()) {
        CursorKey key = new CursorKey(pool.name(), cidr);
        if (cidr.contains(ip) && cursors.containsKey(key)) {
          cursors.put(key, cursors.get(key).min(v));
        }
      }
    }
  }

  /**
   * Whether an address of the pool may be handed out at all: not a .0/.255 under avoidBuggyIPs
   * (§3.5), and not an IPv4-mapped address inside an IPv6 prefix (Go prints it as IPv4, so it could
   * not be read back from the Service's status as the same address).
   */
  private static boolean usable(AddressPool pool, InetAddress ip) {
    return !(pool.avoidBuggyIPs() && PoolCapacity.isBuggy(ip)) && !IpText.isIpv4Mapped(ip);
  }
}
