package io.ironlb.core.alloc;

import java.util.List;
import java.util.Optional;

/**
 * What a Service should look like after convergence, and what to tell about it.
 *
 * @param ingressIPs the desired {@code status.loadBalancer.ingress[].ip}, in Go's textual form
 *     (empty: no IP)
 * @param pool the desired {@code metallb.io/ip-allocated-from-pool} annotation (empty: none)
 * @param events Events to record on the Service
 * @param reprocessAll true when an IP was freed or the Service's sharing terms changed, so other
 *     Services (a pending one, a would-be sharer) should be converged again
 */
public record Convergence(
    List<String> ingressIPs,
    Optional<String> pool,
    List<ServiceEvent> events,
    boolean reprocessAll) {

  public Convergence {
    ingressIPs = List.copyOf(ingressIPs);
    events = List.copyOf(events);
  }
}
