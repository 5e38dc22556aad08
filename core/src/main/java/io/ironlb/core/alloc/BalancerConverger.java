package io.ironlb.core.alloc;

import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what one Service's load-balancer state should be (MetalLB's {@code convergeBalancer},
 * METALLB-API.md §3.2): keeps valid IPs, clears invalid ones, allocates when the Service has none,
 * and says why in Events. Deterministic, and idempotent for a Service that is already right, so the
 * controller may call it on every event and resync.
 *
 * <p>Holds the allocator's lock for the whole decision: concurrent convergences of different
 * Services are serialised here, which is what keeps one IP from reaching two Services that may not
 * share it.
 */
public final class BalancerConverger {

  private static final String LOAD_BALANCER = "LoadBalancer";

  private final Allocator allocator;

  public BalancerConverger(Allocator allocator) {
    this.allocator = allocator;
  }

  /** The Service's desired ingress IPs and pool annotation, and the Events to record. */
  public Convergence converge(ServiceSnapshot svc) {
    synchronized (allocator) {
      if (!LOAD_BALANCER.equals(svc.type())) {
        return new Convergence(
            List.of(), Optional.empty(), List.of(), allocator.release(svc.key()));
      }
      ServiceRequest req;
      try {
        req = ServiceRequest.from(svc);
      } catch (ServiceRequest.InvalidServiceException e) {
        boolean freed = allocator.release(svc.key());
        return new Convergence(
            List.of(),
            Optional.empty(),
            List.of(ServiceEvent.warning(e.reason(), e.getMessage())),
            freed);
      }
      return converge(svc, req);
    }
  }

  /**
   * Start-up replay: re-registers the IPs in the Service's status if they are still valid, and
   * never allocates anything new (so a Service replayed early cannot take an IP that a Service
   * replayed later holds).
   *
   * @return true when the Service keeps its IPs
   */
  public boolean restore(ServiceSnapshot svc) {
    synchronized (allocator) {
      if (!LOAD_BALANCER.equals(svc.type())) {
        return false;
      }
      try {
        ServiceRequest req = ServiceRequest.from(svc);
        List<InetAddress> current = parseIngress(svc.ingressIPs());
        return current != null
            && !current.isEmpty()
            && keepProblem(req, current) == null
            && allocator.assign(req, current) instanceof AllocationOutcome.Granted;
      } catch (ServiceRequest.InvalidServiceException e) {
        return false;
      }
    }
  }

  /**
   * Forgets a Service (deleted, or no longer ours).
   *
   * @return true when it held IPs: other Services should be converged again
   */
  public boolean release(String serviceKey) {
    return allocator.release(serviceKey);
  }

  private Convergence converge(ServiceSnapshot svc, ServiceRequest req) {
    List<ServiceEvent> events = new ArrayList<>();
    boolean reprocess = false;
    List<InetAddress> current = parseIngress(svc.ingressIPs());
    if (current == null) {
      events.add(
          ServiceEvent.normal(
              "ClearAssignment",
              "status.loadBalancer.ingress " + svc.ingressIPs() + " is not a valid set of IPs"));
      reprocess = allocator.release(svc.key());
      current = List.of();
    }
    if (!current.isEmpty()) {
      String problem = keepProblem(req, current);
      AllocationOutcome kept =
          problem == null ? allocator.assign(req, current) : new AllocationOutcome.Refused(problem);
      if (kept instanceof AllocationOutcome.Granted g) {
        return new Convergence(
            svc.ingressIPs().stream().map(ip -> IpText.format(IpText.parse(ip.trim()))).toList(),
            Optional.of(g.allocation().pool()),
            deprecations(svc, req, g.allocation(), events),
            g.termsChanged());
      }
      String why = ((AllocationOutcome.Refused) kept).reason();
      events.add(
          ServiceEvent.normal(
              "ClearAssignment",
              "current IP(s) " + svc.ingressIPs() + " are no longer allowed: " + why));
      allocator.release(svc.key());
      reprocess = true;
    }
    AllocationOutcome outcome = allocateNew(req);
    if (outcome instanceof AllocationOutcome.Granted g) {
      List<String> ips = g.allocation().ips().stream().map(IpText::format).toList();
      events.add(
          ServiceEvent.normal(
              "IPAllocated",
              "Assigned IP " + ips + " from IPAddressPool \"" + g.allocation().pool() + "\""));
      return new Convergence(
          ips,
          Optional.of(g.allocation().pool()),
          deprecations(svc, req, g.allocation(), events),
          reprocess || g.termsChanged());
    }
    events.add(
        ServiceEvent.warning("AllocationFailed", ((AllocationOutcome.Refused) outcome).reason()));
    return new Convergence(List.of(), Optional.empty(), events, reprocess);
  }

  private AllocationOutcome allocateNew(ServiceRequest req) {
    if (!req.requestedIps().isEmpty()) {
      return allocator.assign(req, req.requestedIps());
    }
    if (req.requestedPool().isPresent()) {
      return allocator.allocateFromPool(req, req.requestedPool().get());
    }
    return allocator.allocate(req);
  }

  /**
   * Why the Service may not keep {@code current} even before sharing and pool checks: its families
   * changed, or it now asks for other IPs or another pool (§3.2 steps 3-4). Null when it may.
   */
  private String keepProblem(ServiceRequest req, List<InetAddress> current) {
    Set<IpFamily> have = new HashSet<>();
    current.forEach(ip -> have.add(IpFamily.of(ip)));
    if (have.size() != current.size()) {
      return "two IPs of the same family";
    }
    boolean familiesOk =
        switch (req.policy()) {
          case SINGLE -> have.equals(Set.of(req.families().get(0)));
          case REQUIRE_DUAL -> have.size() == 2;
          case PREFER_DUAL -> true;
        };
    if (!familiesOk) {
      return "their IP families do not match the Service's";
    }
    if (!req.requestedIps().isEmpty()
        && !Set.copyOf(req.requestedIps()).equals(Set.copyOf(current))) {
      return "the Service now requests " + req.requestedIps().stream().map(IpText::format).toList();
    }
    if (req.requestedPool().isPresent()) {
      String pool = allocator.poolContaining(current).map(p -> p.name()).orElse("");
      if (!pool.equals(req.requestedPool().get())) {
        return "the Service now requests IPAddressPool \"" + req.requestedPool().get() + "\"";
      }
    }
    return null;
  }

  /** The ingress IPs as addresses; null when one is not an IP (the list must then be cleared). */
  private static List<InetAddress> parseIngress(List<String> ingress) {
    List<InetAddress> out = new ArrayList<>();
    for (String ip : ingress) {
      try {
        out.add(IpText.parse(ip.trim()));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return out.size() > 2 ? null : out;
  }

  /**
   * Adds a {@code deprecatedAnnotation} warning when the Service uses the old prefix and the
   * controller is about to write it (as MetalLB does), then returns the events.
   */
  private static List<ServiceEvent> deprecations(
      ServiceSnapshot svc, ServiceRequest req, Allocation result, List<ServiceEvent> events) {
    boolean writing =
        !svc.ingressIPs().equals(result.ips().stream().map(IpText::format).toList())
            || !result.pool().equals(svc.annotations().get("metallb.io/ip-allocated-from-pool"));
    if (writing) {
      for (String a : req.deprecatedAnnotations()) {
        events.add(
            ServiceEvent.warning(
                "deprecatedAnnotation",
                "annotation "
                    + a
                    + " is deprecated; use "
                    + ServiceRequest.PREFIX
                    + a.substring(ServiceRequest.OLD_PREFIX.length())));
      }
    }
    return events;
  }
}
