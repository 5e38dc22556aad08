package io.ironlb.core.alloc;

import io.ironlb.core.config.AddressPool;
import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
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
 * §3.3-3.6) with IronLB's deterministic pool order (§10.1). In memory only: the cluster's Service
 * statuses are the record, replayed into a fresh allocator at start-up.
 *
 * <p>Thread-safe: every public method holds the allocator's monitor, and {@link BalancerConverger}
 * holds it across a whole convergence, so two concurrent reconciles can never both take one IP.
 */
public final class Allocator {

  private SortedMap<String, AddressPool> pools = new TreeMap<>();
  private final Map<String, Allocation> byService = new HashMap<>();
  private final IpLedger ledger = new IpLedger();

  /**
   * Replaces the pool set (§3.6). An allocation stays as long as some pool contains all its IPs
   * (with avoidBuggyIPs honoured), re-attributed to that pool, so renamed or split pools keep their
   * Services. It stays even when that pool no longer admits the Service: the IP remains reserved
   * until the Service's own convergence clears it, so no other Service can take an IP that is still
   * in a Service's status. An allocation whose IPs left every pool is dropped.
   */
  public synchronized void setPools(Map<String, AddressPool> newPools) {
    pools = new TreeMap<>(newPools);
    ledger.setPools(pools.values());
    for (Map.Entry<String, Allocation> e : new TreeMap<>(byService).entrySet()) {
      Optional<AddressPool> pool = poolContaining(e.getValue().ips());
      if (pool.isEmpty()) {
        release(e.getKey());
      } else if (!pool.get().name().equals(e.getValue().pool())) {
        byService.put(e.getKey(), e.getValue().inPool(pool.get().name()));
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
    a.ips().forEach(ip -> ledger.remove(ip, serviceKey));
    return true;
  }

  /** Every allocation: Service key to its IPs in Go's textual form, keys sorted. */
  public synchronized Map<String, List<String>> allocations() {
    Map<String, List<String>> out = new TreeMap<>();
    byService.forEach((k, a) -> out.put(k, a.ips().stream().map(IpText::format).toList()));
    return out;
  }

  /** Counters per pool (§3.8): capacity, distinct IPs in use, availability; pools by name. */
  public synchronized Map<String, PoolStats> poolStats() {
    Map<String, Set<InetAddress>> used = new HashMap<>();
    byService
        .values()
        .forEach(a -> used.computeIfAbsent(a.pool(), p -> new HashSet<>()).addAll(a.ips()));
    Map<String, PoolStats> out = new LinkedHashMap<>();
    for (AddressPool pool : pools.values()) {
      out.put(pool.name(), PoolStats.of(pool, used.getOrDefault(pool.name(), Set.of())));
    }
    return out;
  }

  /**
   * Gives the Service exactly {@code ips} if the rules allow it (§3.4 "Assign"): all in one pool
   * that admits the Service (and is the one it names, if it names one), at most one per family, and
   * shareable with their current users. Replaces what the Service held before; on refusal nothing
   * changes.
   */
  public synchronized AllocationResult assign(ServiceSnapshot svc, List<String> ips) {
    ServiceRequest req;
    List<InetAddress> parsed = new ArrayList<>();
    try {
      req = ServiceRequest.from(svc);
      ips.forEach(ip -> parsed.add(IpText.parse(ip.trim())));
    } catch (ServiceRequest.InvalidServiceException e) {
      return AllocationResult.failed(ServiceEvent.warning(e.reason(), e.getMessage()));
    } catch (IllegalArgumentException e) {
      return AllocationResult.failed(
          ServiceEvent.warning(ServiceEvent.LOAD_BALANCER_FAILED, e.getMessage()));
    }
    return result(assign(req, parsed, false));
  }

  /**
   * Allocates for the Service as a convergence would when it holds nothing: its requested IPs, else
   * from its requested pool, else automatically (§3.3). Whatever the Service held before is given
   * back first.
   */
  public synchronized AllocationResult allocate(ServiceSnapshot svc) {
    try {
      ServiceRequest req = ServiceRequest.from(svc);
      if (req.invalidRequest().isPresent()) {
        return AllocationResult.failed(
            ServiceEvent.warning(ServiceEvent.LOAD_BALANCER_FAILED, req.invalidRequest().get()));
      }
      return result(allocateFor(req));
    } catch (ServiceRequest.InvalidServiceException e) {
      return AllocationResult.failed(ServiceEvent.warning(e.reason(), e.getMessage()));
    }
  }

  synchronized Optional<Allocation> allocation(String serviceKey) {
    return Optional.ofNullable(byService.get(serviceKey));
  }

  /** The pool that contains every one of {@code ips} (honouring avoidBuggyIPs), if one does. */
  synchronized Optional<AddressPool> poolContaining(List<InetAddress> ips) {
    return pools.values().stream()
        .filter(pool -> ips.stream().allMatch(ip -> PoolCapacity.holds(pool, ip)))
        .findFirst();
  }

  /** The package-level assign; {@code requested} words refusals as about requested IPs. */
  synchronized AllocationOutcome assign(
      ServiceRequest req, List<InetAddress> ips, boolean requested) {
    Set<IpFamily> families = new HashSet<>();
    ips.forEach(ip -> families.add(IpFamily.of(ip)));
    if (ips.isEmpty() || ips.size() > 2 || families.size() != ips.size()) {
      return new AllocationOutcome.Refused(Refusals.badShape(ips, requested));
    }
    Optional<AddressPool> pool = poolContaining(ips);
    if (pool.isEmpty()) {
      List<InetAddress> outside =
          ips.stream().filter(ip -> poolContaining(List.of(ip)).isEmpty()).toList();
      return new AllocationOutcome.Refused(
          outside.isEmpty()
              ? Refusals.notInOnePool(ips, requested)
              : Refusals.notInAnyPool(outside, requested));
    }
    String name = pool.get().name();
    if (req.requestedPool().isPresent() && !req.requestedPool().get().equals(name)) {
      return new AllocationOutcome.Refused(
          Refusals.notInRequestedPool(ips, requested, name, req.requestedPool().get()));
    }
    if (!admits(pool.get(), req)) {
      return new AllocationOutcome.Refused(Refusals.notAdmitted(pool.get(), req));
    }
    for (InetAddress ip : ips) {
      IpLedger.Conflict c = ledger.conflict(ip, req);
      if (c != null) {
        return new AllocationOutcome.Refused(Refusals.cannotShare(ip, c, requested));
      }
    }
    return grant(req, new Allocation(name, ips, req.sharing()));
  }

  /**
   * A fresh allocation (§3.2 step 6): the requested IPs, else from the requested pool, else
   * automatic. The Service's previous allocation, if any, is given back first, so the result is the
   * same as for a Service that never held anything.
   */
  synchronized AllocationOutcome allocateFor(ServiceRequest req) {
    release(req.key());
    if (!req.requestedIps().isEmpty()) {
      Set<IpFamily> asked = new HashSet<>();
      req.requestedIps().forEach(ip -> asked.add(IpFamily.of(ip)));
      if (!asked.equals(Set.copyOf(req.families()))) {
        return new AllocationOutcome.Refused(
            Refusals.familyMismatch(req.requestedIps(), req.families()));
      }
      return assign(req, req.requestedIps(), true);
    }
    if (req.requestedPool().isPresent()) {
      AddressPool pool = pools.get(req.requestedPool().get());
      if (pool == null) {
        return new AllocationOutcome.Refused(Refusals.unknownPool(req.requestedPool().get()));
      }
      if (!admits(pool, req)) {
        return new AllocationOutcome.Refused(Refusals.notAdmitted(pool, req));
      }
      return fromPools(List.of(pool), req);
    }
    List<AddressPool> order = PoolOrder.forAutomaticAllocation(pools.values(), req);
    if (order.isEmpty()) {
      return new AllocationOutcome.Refused(
          pools.isEmpty() ? Refusals.noPoolAtAll() : Refusals.noPoolAdmits(req));
    }
    return fromPools(order, req);
  }

  /**
   * PreferDualStack top-up (§3.2 step 5): the family the Service lacks, from the pool it already
   * uses. Refused, with the reason, when that pool has none free.
   */
  synchronized AllocationOutcome addFamily(ServiceRequest req) {
    Allocation a = byService.get(req.key());
    AddressPool pool = a == null ? null : pools.get(a.pool());
    if (pool == null || a.ips().size() != 1) {
      return new AllocationOutcome.Refused("the Service holds no single-family allocation");
    }
    IpFamily missing = IpFamily.of(a.ips().get(0)) == IpFamily.IPV4 ? IpFamily.IPV6 : IpFamily.IPV4;
    InetAddress ip = ledger.firstUsable(pool, missing, req);
    if (ip == null) {
      return new AllocationOutcome.Refused(
          Refusals.exhausted(Map.of(pool.name(), List.of(missing)), req));
    }
    return grant(req, new Allocation(pool.name(), v4First(List.of(a.ips().get(0), ip)), a.terms()));
  }

  /** The first pool (in order) that has every family of a pass (§3.4), pass by pass. */
  private AllocationOutcome fromPools(List<AddressPool> order, ServiceRequest req) {
    for (List<IpFamily> wanted : FamilyPasses.of(req)) {
      for (AddressPool pool : order) {
        List<InetAddress> ips = new ArrayList<>();
        for (IpFamily f : wanted) {
          InetAddress ip = ledger.firstUsable(pool, f, req);
          if (ip == null) {
            break;
          }
          ips.add(ip);
        }
        if (ips.size() == wanted.size()) {
          return grant(req, new Allocation(pool.name(), v4First(ips), req.sharing()));
        }
      }
    }
    Map<String, List<IpFamily>> missing = new LinkedHashMap<>();
    for (AddressPool pool : order) {
      missing.put(
          pool.name(),
          req.families().stream().filter(f -> ledger.firstUsable(pool, f, req) == null).toList());
    }
    return new AllocationOutcome.Refused(Refusals.exhausted(missing, req));
  }

  private AllocationOutcome grant(ServiceRequest req, Allocation next) {
    Allocation previous = byService.get(req.key());
    boolean termsChanged = previous != null && !previous.terms().equals(next.terms());
    release(req.key());
    byService.put(req.key(), next);
    next.ips().forEach(ip -> ledger.add(ip, req.key(), next.terms()));
    return new AllocationOutcome.Granted(next, termsChanged);
  }

  private static List<InetAddress> v4First(List<InetAddress> ips) {
    List<InetAddress> out = new ArrayList<>(ips);
    out.sort(Comparator.comparing(IpFamily::of)); // §10.12: IPv4 first for allocated IPs
    return out;
  }

  static boolean admits(AddressPool pool, ServiceRequest req) {
    return pool.serviceAllocation()
        .map(sa -> sa.admits(req.namespace(), req.labels()))
        .orElse(true);
  }

  private static AllocationResult result(AllocationOutcome outcome) {
    if (outcome instanceof AllocationOutcome.Granted g) {
      return new AllocationResult(
          g.allocation().ips().stream().map(IpText::format).toList(),
          Optional.of(g.allocation().pool()),
          Optional.empty());
    }
    return AllocationResult.failed(
        ServiceEvent.warning(
            ServiceEvent.ALLOCATION_FAILED, ((AllocationOutcome.Refused) outcome).reason()));
  }
}
