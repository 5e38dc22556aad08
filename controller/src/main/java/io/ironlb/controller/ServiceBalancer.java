package io.ironlb.controller;

import io.fabric8.kubernetes.api.model.Service;
import io.ironlb.controller.k8s.ServiceSnapshots;
import io.ironlb.controller.k8s.ServiceWriter;
import io.ironlb.core.alloc.BalancerConverger;
import io.ironlb.core.alloc.Convergence;
import io.ironlb.core.alloc.ServiceEvent;
import io.ironlb.runtime.EventRecorder;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Brings one Service's load-balancer state in line with the allocator: asks the core's {@link
 * BalancerConverger} what the Service should have, then writes the difference (ingress status, pool
 * annotation) and the Events. MetalLB's {@code convergeBalancer} shell.
 */
final class ServiceBalancer {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceBalancer.class);

  private final ControllerOptions options;
  private final BalancerConverger converger;
  private final ServiceWriter writer;
  private final EventRecorder events;
  private final Runnable allocationsChanged;
  private final WrittenVersions writtenVersions = new WrittenVersions();

  ServiceBalancer(
      ControllerOptions options,
      BalancerConverger converger,
      ServiceWriter writer,
      EventRecorder events,
      Runnable allocationsChanged) {
    this.options = options;
    this.converger = converger;
    this.writer = writer;
    this.events = events;
    this.allocationsChanged = allocationsChanged;
  }

  /**
   * Reconciles a Service that exists.
   *
   * @return true when an IP was freed, so every other Service should be reprocessed
   */
  boolean reconcile(Service svc) {
    String key = key(svc);
    MDC.put("service", key);
    try {
      if (!options.servesClass(
          svc.getSpec() == null ? null : svc.getSpec().getLoadBalancerClass())) {
        return releaseForeign(svc);
      }
      if (writtenVersions.isStale(svc)) {
        return false; // an event for a version older than our own last write: a newer one follows
      }
      Convergence result = converger.converge(ServiceSnapshots.of(svc));
      boolean wrote = write(svc, result);
      result.events().forEach(e -> record(svc, e));
      if (wrote) {
        allocationsChanged.run();
      }
      return result.reprocessAll();
    } finally {
      MDC.remove("service");
    }
  }

  /**
   * Forgets a deleted Service's allocation.
   *
   * @return true when it held IPs
   */
  boolean forget(Service svc) {
    writtenVersions.forget(svc);
    boolean freed = converger.release(key(svc));
    if (freed) {
      LOG.info("released the IPs of deleted Service {}", key(svc));
      allocationsChanged.run();
    }
    return freed;
  }

  /**
   * A Service outside our class: if we had given it IPs (its class changed), take them back and
   * clear what we wrote; otherwise leave it alone, it belongs to another load balancer.
   */
  private boolean releaseForeign(Service svc) {
    if (!converger.release(key(svc))) {
      return false;
    }
    LOG.info("Service {} is no longer of our class: released its IPs", key(svc));
    writtenVersions.record(svc, writer.write(svc, List.of(), Optional.empty()));
    allocationsChanged.run();
    return true;
  }

  private boolean write(Service svc, Convergence result) {
    List<String> current = ServiceSnapshots.ingressIps(svc);
    boolean changed =
        !current.equals(result.ingressIPs())
            || !ServiceWriter.poolAnnotation(svc).equals(result.pool());
    if (!changed) {
      return false;
    }
    Service stored = writer.write(svc, result.ingressIPs(), result.pool());
    writtenVersions.record(svc, stored);
    LOG.info("Service {}: ingress {} -> {}", key(svc), current, result.ingressIPs());
    return true;
  }

  private void record(Service svc, ServiceEvent e) {
    EventRecorder.Type type =
        e.type() == ServiceEvent.Type.WARNING
            ? EventRecorder.Type.WARNING
            : EventRecorder.Type.NORMAL;
    if (type == EventRecorder.Type.WARNING) {
      LOG.warn("Service {}: {}: {}", key(svc), e.reason(), e.message());
    }
    events.record(svc, type, e.reason(), e.message());
  }

  private static String key(Service svc) {
    return svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
  }
}
