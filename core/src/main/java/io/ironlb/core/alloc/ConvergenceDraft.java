package io.ironlb.core.alloc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Convergence} being put together: the Events so far, whether other Services must be
 * reprocessed, and the Events MetalLB emits only when the Service is actually written ({@code
 * deprecatedAnnotation}, §2.1; IronLB also words {@code AdditionalAssignFailed} that way so that
 * converging an unchanged Service stays silent).
 */
final class ConvergenceDraft {

  static final String POOL_ANNOTATION = ServiceRequest.PREFIX + ServiceRequest.ALLOCATED_FROM_POOL;

  private final ServiceSnapshot svc;
  private final List<ServiceEvent> events;
  private boolean reprocess;
  private String additionalFailure;

  ConvergenceDraft(ServiceSnapshot svc, List<ServiceEvent> events, boolean reprocess) {
    this.svc = svc;
    this.events = new ArrayList<>(events);
    this.reprocess = reprocess;
  }

  ServiceSnapshot svc() {
    return svc;
  }

  void event(ServiceEvent e) {
    events.add(e);
  }

  /** Notes that an IP was freed or sharing terms changed: other Services may be affected. */
  void freed(boolean freed) {
    reprocess |= freed;
  }

  /** Why a PreferDualStack Service has only one family, reported if the Service is written. */
  void additionalFailure(String why) {
    additionalFailure = why;
  }

  /** The Service ends with no IPs. */
  Convergence nothing() {
    return done(List.of(), null);
  }

  /** The Service ends with {@code ips} from {@code pool} (null: none). */
  Convergence done(List<String> ips, String pool) {
    Optional<String> poolAnnotation = Optional.ofNullable(pool);
    boolean writing =
        !svc.ingressIPs().equals(ips)
            || !poolAnnotation.equals(Optional.ofNullable(svc.annotations().get(POOL_ANNOTATION)));
    if (writing) {
      if (additionalFailure != null) {
        events.add(
            ServiceEvent.normal(
                ServiceEvent.ADDITIONAL_ASSIGN_FAILED,
                "PreferDualStack: assigned one IP family only: " + additionalFailure));
      }
      for (String a : ServiceRequest.deprecatedAnnotations(svc)) {
        events.add(
            ServiceEvent.warning(
                ServiceEvent.DEPRECATED_ANNOTATION,
                "annotation "
                    + a
                    + " is deprecated; use "
                    + ServiceRequest.PREFIX
                    + a.substring(ServiceRequest.OLD_PREFIX.length())));
      }
    }
    return new Convergence(ips, poolAnnotation, events, reprocess);
  }
}
