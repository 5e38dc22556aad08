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
 * and says why in Events. Deterministic, and idempotent for a Service that is already right (same
 * IPs, no Events), so the controller may call it on every event and resync.
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
        // §3.2 step 2: no longer a LoadBalancer: give the IPs back, allocate nothing
        return new Convergence(
            List.of(), Optional.empty(), List.of(), allocator.release(svc.key()));
      }
      ServiceRequest req;
      try {
        req = ServiceRequest.from(svc);
      } catch (ServiceRequest.InvalidServiceException e) {
        boolean freed = allocator.release(svc.key());
        List<ServiceEvent> events = new ArrayList<>();
        events.add(ServiceEvent.warning(e.reason(), e.getMessage()));
        return new ConvergenceDraft(svc, events, freed).nothing();
      }
      return converge(svc, req);
    }
  }

  /**
   * Start-up replay (§3.7): re-registers the IPs in the Service's status if they are still valid,
   * and never allocates anything new, so a Service replayed early cannot take an IP that a Service
   * replayed later holds.
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
            && keep(req, current) instanceof AllocationOutcome.Granted;
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
    ConvergenceDraft out = new ConvergenceDraft(svc, new ArrayList<>(), false);
    List<InetAddress> current = parseIngress(svc.ingressIPs());
    if (current == null) {
      out.event(
          ServiceEvent.normal(
              ServiceEvent.CLEAR_ASSIGNMENT,
              "status.loadBalancer.ingress " + svc.ingressIPs() + " is not one IP per family"));
      out.freed(allocator.release(svc.key()));
      current = List.of();
    } else if (current.isEmpty()) {
      // §3.3 step 1: an allocation the status does not show (a status write that failed) is reused
      current = allocator.allocation(svc.key()).map(Allocation::ips).orElse(List.of());
    }
    if (!current.isEmpty()) {
      AllocationOutcome kept = keep(req, current);
      if (kept instanceof AllocationOutcome.Granted g) {
        return kept(out, req, current, g);
      }
      out.event(
          ServiceEvent.normal(
              ServiceEvent.CLEAR_ASSIGNMENT,
              "current IP(s) "
                  + format(current)
                  + " no longer allowed: "
                  + ((AllocationOutcome.Refused) kept).reason()));
      out.freed(allocator.release(svc.key()));
    }
    if (req.invalidRequest().isPresent()) {
      out.event(
          ServiceEvent.warning(ServiceEvent.LOAD_BALANCER_FAILED, req.invalidRequest().get()));
      return out.nothing();
    }
    return allocated(out, req, allocator.allocateFor(req));
  }

  /**
   * Whether the Service may keep {@code current} (§3.2 steps 3-4): its families still fit, it asks
   * for neither other IPs nor another pool, and the allocator re-assigns them (still in a pool that
   * admits it, sharing still allowed). Unreadable requested IPs do not cost it its IPs (MetalLB).
   */
  private AllocationOutcome keep(ServiceRequest req, List<InetAddress> current) {
    Set<IpFamily> have = new HashSet<>();
    current.forEach(ip -> have.add(IpFamily.of(ip)));
    boolean familiesOk =
        have.size() == current.size()
            && switch (req.policy()) {
              case SINGLE -> have.equals(Set.of(req.families().get(0)));
              case REQUIRE_DUAL -> have.size() == 2;
              case PREFER_DUAL -> true;
            };
    if (!familiesOk) {
      return refused(
          "their IP families do not match the Service's "
              + req.families().stream().map(Refusals::name).toList());
    }
    if (!req.requestedIps().isEmpty()
        && !Set.copyOf(req.requestedIps()).equals(Set.copyOf(current))) {
      return refused("the Service now requests " + format(req.requestedIps()));
    }
    if (req.requestedPool().isPresent()) {
      String pool = allocator.poolContaining(current).map(p -> p.name()).orElse("");
      if (!pool.equals(req.requestedPool().get())) {
        return refused("the Service now requests pool \"" + req.requestedPool().get() + "\"");
      }
    }
    return allocator.assign(req, current, false);
  }

  /**
   * The Service keeps its IPs; a PreferDualStack Service with one family tries to add the other
   * from the same pool (§3.2 step 5), which succeeds once that pool has the family.
   */
  private Convergence kept(
      ConvergenceDraft out,
      ServiceRequest req,
      List<InetAddress> current,
      AllocationOutcome.Granted g) {
    Allocation a = g.allocation();
    List<String> ips = format(current); // the status's own order (requested IPs: as requested)
    if (out.svc().ingressIPs().isEmpty()) {
      out.event(assigned(a)); // known to the allocator, but not yet in the status
    }
    if (req.policy() == ServiceRequest.FamilyPolicy.PREFER_DUAL && a.ips().size() == 1) {
      AllocationOutcome more = allocator.addFamily(req);
      if (more instanceof AllocationOutcome.Granted m) {
        InetAddress added =
            m.allocation().ips().stream().filter(ip -> !current.contains(ip)).findFirst().get();
        a = m.allocation();
        ips = format(a.ips());
        out.event(
            ServiceEvent.normal(
                ServiceEvent.IP_ALLOCATED,
                "Assigned additional IP "
                    + IpText.format(added)
                    + " from pool \""
                    + a.pool()
                    + "\""));
      } else {
        out.additionalFailure(((AllocationOutcome.Refused) more).reason());
      }
    }
    req.invalidRequest()
        .ifPresent(
            why ->
                out.event(
                    ServiceEvent.warning(
                        ServiceEvent.LOAD_BALANCER_FAILED, why + "; keeping the current IPs")));
    out.freed(g.termsChanged()); // other Services may now share with it, or no longer
    return out.done(ips, a.pool());
  }

  private Convergence allocated(
      ConvergenceDraft out, ServiceRequest req, AllocationOutcome outcome) {
    if (outcome instanceof AllocationOutcome.Granted g) {
      Allocation a = g.allocation();
      out.event(assigned(a));
      if (req.policy() == ServiceRequest.FamilyPolicy.PREFER_DUAL && a.ips().size() == 1) {
        IpFamily missing =
            req.families().get(IpFamily.of(a.ips().get(0)) == req.families().get(0) ? 1 : 0);
        out.additionalFailure(
            "no pool could give both families; pool \""
                + a.pool()
                + "\" has no free "
                + Refusals.name(missing)
                + " address");
      }
      out.freed(g.termsChanged());
      return out.done(format(a.ips()), a.pool());
    }
    out.event(
        ServiceEvent.warning(
            ServiceEvent.ALLOCATION_FAILED, ((AllocationOutcome.Refused) outcome).reason()));
    return out.nothing();
  }

  private static ServiceEvent assigned(Allocation a) {
    return ServiceEvent.normal(
        ServiceEvent.IP_ALLOCATED,
        "Assigned IP " + format(a.ips()) + " from pool \"" + a.pool() + "\"");
  }

  private static AllocationOutcome refused(String why) {
    return new AllocationOutcome.Refused(why);
  }

  /** The ingress IPs as addresses; null when one is not an IP or there are more than two. */
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

  private static List<String> format(List<InetAddress> ips) {
    return ips.stream().map(IpText::format).toList();
  }
}
