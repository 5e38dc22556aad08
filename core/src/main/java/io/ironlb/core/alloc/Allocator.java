package io.ironlb.core.alloc;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.ip.IpText;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which Service holds which IP (METALLB-API.md §3.1), and the rules for handing IPs out (§2.3,
 * §3.3-3.6). In memory only: the cluster's Service statuses are the record, replayed into a fresh
 * allocator at start-up.
 *
 * <p>Thread-safe: every public method holds the allocator's monitor, and {@link BalancerConverger}
 * holds it across a whole convergence, so two concurrent reconciles can never both take one IP.
 */
public final class Allocator {

  private SortedMap<String, AddressPool> pools = new TreeMap<>();
  private final Map<String, Allocation> byService = new HashMap<>();
  private final Map<InetAddress, Map<String, SharingTerms>> byIp = new HashMap<>();

  /** Per CIDR, an address below which every address is taken: where fresh scans may start. */
  private final Map<Cidr, BigInteger> scanFrom = new HashMap<>();

  /**
   * Replaces the pool set (§3.6). An allocation stays as long as some pool contains all its IPs
   * (renamed or split pools keep their Services); it is re-attributed to that pool even when the
   * pool no longer admits the Service, so the IP stays reserved until the Service's own convergence
   * moves it. An allocation whose IPs left every pool is dropped.
   */
  public synchronized void setPools(Map<String, AddressPool> newPools) {
    pools = new TreeMap<>(newPools);
    scanFrom.clear();
    for (Map.Entry<String, Allocation> e : List.copyOf(byService.entrySet())) {
      Optional<AddressPool> pool = poolContaining(e.getValue().ips());
      if (pool.isEmpty()) {
        release(e.getKey());
      } else if (!pool.get().name().equals(e.getValue().pool())) {
        Allocation a = e.getValue();
        byService.put(e.getKey(), new Allocation(pool.get().name(), a.ips(), a.terms()));
      }
    }
  }

  /** The pools in force, by name. */
  public synchronized SortedMap<String, AddressPool> pools() {
    return new TreeMap<>(pools);
  }

  /**
   * Forgets the Service's allocation.
   *
   * @return true when it held IPs
   */
  public synchronized boolean release(String serviceKey) {
    Allocation a = byService.remove(serviceKey);
    if (a == null) {
      return false;
    }
    for (InetAddress ip : a.ips()) {
      Map<String, SharingTerms> users = byIp.get(ip);
      if (users != null) {
        users.remove(serviceKey);
        if (users.isEmpty()) {
          byIp.remove(ip);
          markFree(ip);
        }
      }
    }
    return true;
  }

  /** Every allocation: Service key to its IPs in Go's textual form. */
  public synchronized Map<String, List<String>> allocations() {
    Map<String, List<String>> out = new TreeMap<>();
    byService.forEach((k, a) -> out.put(k, a.ips().stream().map(IpText::format).toList()));
    return out;
  }

  /** Counters per pool (§3.8): distinct IPs in use, capacity, availability. */
  public synchronized Map<String, PoolStats> poolStats() {
    Map<String, Set<InetAddress>> used = new HashMap<>();
    byService
        .values()
        .forEach(a -> used.computeIfAbsent(a.pool(), p -> new HashSet<>()).addAll(a.ips()));
    Map<String, PoolStats> out = new LinkedHashMap<>();
    for (AddressPool pool : pools.values()) {
      Set<InetAddress> ips = used.getOrDefault(pool.name(), Set.of());
      long v4 = ips.stream().filter(ip -> IpFamily.of(ip) == IpFamily.IPV4).count();
      long v6 = ips.size() - v4;
      long cap4 = saturate(PoolCapacity.of(pool, IpFamily.IPV4));
      long cap6 = saturate(PoolCapacity.of(pool, IpFamily.IPV6));
      out.put(
          pool.name(),
          new PoolStats(cap4, cap6, v4, v6, cap4 - v4, cap6 == Long.MAX_VALUE ? cap6 : cap6 - v6));
    }
    return out;
  }

  synchronized Optional<Allocation> allocation(String serviceKey) {
    return Optional.ofNullable(byService.get(serviceKey));
  }

  /** The pool that contains every one of {@code ips} (honouring avoidBuggyIPs), if one does. */
  synchronized Optional<AddressPool> poolContaining(List<InetAddress> ips) {
    for (AddressPool pool : pools.values()) {
      if (ips.stream().allMatch(ip -> contains(pool, ip))) {
        return Optional.of(pool);
      }
    }
    return Optional.empty();
  }

  /**
   * Gives the Service exactly {@code ips} (§3.4 "Assign"): a requested IP, or the IPs already in
   * its status. Idempotent for a Service that already holds them.
   */
  synchronized AllocationOutcome assign(ServiceRequest req, List<InetAddress> ips) {
    Optional<AddressPool> pool = poolContaining(ips);
    if (pool.isEmpty()) {
      return new AllocationOutcome.Refused(notInPools(ips));
    }
    if (req.requestedPool().isPresent() && !req.requestedPool().get().equals(pool.get().name())) {
      return new AllocationOutcome.Refused(
          describe(ips)
              + " in IPAddressPool \""
              + pool.get().name()
              + "\", not in the requested pool \""
              + req.requestedPool().get()
              + "\"");
    }
    if (!admits(pool.get(), req)) {
      return new AllocationOutcome.Refused(notAdmitted(pool.get(), req));
    }
    for (InetAddress ip : ips) {
      String conflict = sharingConflict(ip, req);
      if (conflict != null) {
        return new AllocationOutcome.Refused(
            "IP " + IpText.format(ip) + " cannot be shared: " + conflict);
      }
    }
    return grant(req, new Allocation(pool.get().name(), ips, req.sharing()));
  }

  /** Automatic allocation (§3.3): pinned pools first, then unpinned, in IronLB's fixed order. */
  synchronized AllocationOutcome allocate(ServiceRequest req) {
    List<AddressPool> order = PoolOrder.forAutomaticAllocation(pools.values(), req);
    if (order.isEmpty()) {
      return new AllocationOutcome.Refused(
          pools.isEmpty()
              ? "there is no IPAddressPool"
              : "no IPAddressPool with autoAssign admits this Service (namespace "
                  + req.namespace()
                  + ")");
    }
    return fromPools(order, req);
  }

  /** Allocation from the pool the Service names ({@code metallb.io/address-pool}). */
  synchronized AllocationOutcome allocateFromPool(ServiceRequest req, String poolName) {
    AddressPool pool = pools.get(poolName);
    if (pool == null) {
      return new AllocationOutcome.Refused("unknown IPAddressPool \"" + poolName + "\"");
    }
    if (!admits(pool, req)) {
      return new AllocationOutcome.Refused(notAdmitted(pool, req));
    }
    return fromPools(List.of(pool), req);
  }

  private AllocationOutcome fromPools(List<AddressPool> order, ServiceRequest req) {
    for (List<IpFamily> wanted : FamilyPasses.of(req)) {
      for (AddressPool pool : order) {
        List<InetAddress> ips = new ArrayList<>();
        for (IpFamily f : wanted) {
          InetAddress ip = firstUsable(pool, f, req);
          if (ip == null) {
            break;
          }
          ips.add(ip);
        }
        if (ips.size() == wanted.size()) {
          ips.sort((a, b) -> IpFamily.of(a).compareTo(IpFamily.of(b))); // IPv4 first
          return grant(req, new Allocation(pool.name(), ips, req.sharing()));
        }
      }
    }
    return new AllocationOutcome.Refused(exhausted(order, req));
  }

  private AllocationOutcome grant(ServiceRequest req, Allocation next) {
    Allocation previous = byService.get(req.key());
    boolean termsChanged = previous != null && !previous.terms().equals(next.terms());
    if (previous != null) {
      release(req.key());
    }
    byService.put(req.key(), next);
    for (InetAddress ip : next.ips()) {
      byIp.computeIfAbsent(ip, k -> new HashMap<>()).put(req.key(), next.terms());
    }
    return new AllocationOutcome.Granted(next, termsChanged);
  }

  /** The first address of family {@code f} in {@code pool} that the Service may hold, or null. */
  private InetAddress firstUsable(AddressPool pool, IpFamily f, ServiceRequest req) {
    boolean freshOnly = req.sharing().sharingKey().isEmpty();
    for (Cidr cidr : pool.cidrs()) {
      if (cidr.family() != f) {
        continue;
      }
      BigInteger last = Cidr.toBigInteger(cidr.last());
      BigInteger start = Cidr.toBigInteger(cidr.first());
      boolean fromHint = freshOnly && scanFrom.containsKey(cidr);
      if (fromHint) {
        start = start.max(scanFrom.get(cidr));
      }
      for (BigInteger v = start; v.compareTo(last) <= 0; v = v.add(BigInteger.ONE)) {
        InetAddress ip = Cidr.toAddress(v, f.bits());
        if (pool.avoidBuggyIPs() && PoolCapacity.isBuggy(ip)) {
          continue;
        }
        Map<String, SharingTerms> users = byIp.get(ip);
        if (users == null || users.isEmpty() || users.keySet().equals(Set.of(req.key()))) {
          if (freshOnly) {
            scanFrom.put(cidr, v); // everything before v is taken
          }
          return ip;
        }
        if (!freshOnly && sharingConflict(ip, req) == null) {
          return ip;
        }
      }
      if (freshOnly) {
        scanFrom.put(cidr, last.add(BigInteger.ONE));
      }
    }
    return null;
  }

  private void markFree(InetAddress ip) {
    for (AddressPool pool : pools.values()) {
      for (Cidr cidr : pool.cidrs()) {
        if (cidr.contains(ip) && scanFrom.containsKey(cidr)) {
          scanFrom.put(cidr, scanFrom.get(cidr).min(Cidr.toBigInteger(ip)));
        }
      }
    }
  }

  /** Why {@code req} may not hold {@code ip} next to its current users, or null if it may. */
  private String sharingConflict(InetAddress ip, ServiceRequest req) {
    Map<String, SharingTerms> users = byIp.getOrDefault(ip, Map.of());
    for (Map.Entry<String, SharingTerms> u : new TreeMap<>(users).entrySet()) {
      if (u.getKey().equals(req.key())) {
        continue; // a Service alone on its IP may change its own terms (§2.3)
      }
      String conflict = req.sharing().conflictWith(u.getKey(), u.getValue());
      if (conflict != null) {
        return conflict;
      }
    }
    return null;
  }

  private static boolean contains(AddressPool pool, InetAddress ip) {
    if (pool.avoidBuggyIPs() && PoolCapacity.isBuggy(ip)) {
      return false; // §3.5: treated as outside the pool, even when requested
    }
    return pool.cidrs().stream().anyMatch(c -> c.contains(ip));
  }

  static boolean admits(AddressPool pool, ServiceRequest req) {
    return pool.serviceAllocation()
        .map(sa -> sa.admits(req.namespace(), req.labels()))
        .orElse(true);
  }

  private static String notAdmitted(AddressPool pool, ServiceRequest req) {
    return "IPAddressPool \""
        + pool.name()
        + "\" does not admit this Service: its serviceAllocation does not match namespace "
        + req.namespace()
        + " and the Service's labels";
  }

  private String notInPools(List<InetAddress> ips) {
    List<String> outside = new ArrayList<>();
    for (InetAddress ip : ips) {
      if (poolContaining(List.of(ip)).isEmpty()) {
        outside.add(IpText.format(ip));
      }
    }
    return outside.isEmpty()
        ? describe(ips) + " not in one IPAddressPool (they must come from the same pool)"
        : "requested IP " + String.join(", ", outside) + " is not in any IPAddressPool";
  }

  private static String describe(List<InetAddress> ips) {
    return (ips.size() == 1 ? "IP " : "IPs ")
        + String.join(", ", ips.stream().map(IpText::format).toList())
        + (ips.size() == 1 ? " is" : " are");
  }

  private static String exhausted(List<AddressPool> tried, ServiceRequest req) {
    String families =
        String.join(
            " and ",
            req.families().stream().map(f -> f == IpFamily.IPV4 ? "IPv4" : "IPv6").toList());
    String names = String.join(", ", tried.stream().map(p -> "\"" + p.name() + "\"").toList());
    return "no free "
        + families
        + " address in IPAddressPool "
        + names
        + (req.sharing().sharingKey().isEmpty()
            ? ""
            : " (none free or shareable under key \"" + req.sharing().sharingKey() + "\")");
  }

  private static long saturate(BigInteger v) {
    return v.bitLength() >= 63 ? Long.MAX_VALUE : v.longValue();
  }
}
