package io.ironlb.controller;

import io.fabric8.kubernetes.api.model.Service;
import io.ironlb.controller.k8s.ServiceSnapshots;
import io.ironlb.controller.k8s.ServiceWriter;
import io.ironlb.core.alloc.BalancerConverger;
import io.ironlb.core.alloc.Convergence;
import io.ironlb.core.alloc.ServiceEvent;
import io.ironlb.core.forwarder.AnnotationProblem;
import io.ironlb.core.forwarder.ForwarderAnnotations;
import io.ironlb.core.forwarder.IpMode;
import io.ironlb.core.forwarder.IpModeChoice;
import io.ironlb.runtime.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Brings one Service's load-balancer state in line with the allocator: asks the core's {@link
 * BalancerConverger} what the Service should have, then writes the difference (ingress status with
 * its {@code ipMode}, pool annotation) and the Events. MetalLB's {@code convergeBalancer} shell.
 */
final class ServiceBalancer {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceBalancer.class);

  /** Warning: an {@code ironlb.io/} annotation has a value IronLB cannot use. */
  static final String INVALID_ANNOTATION = "InvalidAnnotation";

  private final ControllerOptions options;
  private final BalancerConverger converger;
  private final ServiceWriter writer;
  private final EventRecorder events;
  private final Runnable allocationsChanged;
  private final Function<String, Map<String, String>> poolAnnotations;
  private final WrittenVersions writtenVersions = new WrittenVersions();

  ServiceBalancer(
      ControllerOptions options,
      BalancerConverger converger,
      ServiceWriter writer,
      EventRecorder events,
      Runnable allocationsChanged,
      Function<String, Map<String, String>> poolAnnotations) {
    this.options = options;
    this.converger = converger;
    this.writer = writer;
    this.events = events;
    this.allocationsChanged = allocationsChanged;
    this.poolAnnotations = poolAnnotations;
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
      IpModeChoice mode = ipMode(svc, result);
      boolean wrote = write(svc, result, mode.mode());
      result.events().forEach(e -> record(svc, e));
      annotationProblems(svc, mode).forEach(p -> record(svc, p));
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
    writtenVersions.record(svc, writer.write(svc, List.of(), IpMode.VIP, Optional.empty()));
    allocationsChanged.run();
    return true;
  }

  /**
   * The ingress mode: the Service's {@code ironlb.io/ip-mode}, else its pool's, else VIP (see
   * docs/forwarder.md). A Service without IPs has no pool to inherit from.
   */
  private IpModeChoice ipMode(Service svc, Convergence result) {
    Map<String, String> own = annotations(svc);
    return result
        .pool()
        .map(pool -> ForwarderAnnotations.ipMode(own, pool, poolAnnotations.apply(pool)))
        .orElseGet(() -> ForwarderAnnotations.ipMode(own, "", Map.of()));
  }

  /**
   * The ip-mode problems, then those of the Service's other forwarder annotations; none for a
   * Service that is not a LoadBalancer (the annotations mean nothing there).
   */
  private static List<AnnotationProblem> annotationProblems(Service svc, IpModeChoice mode) {
    if (svc.getSpec() == null || !"LoadBalancer".equals(svc.getSpec().getType())) {
      return List.of();
    }
    List<AnnotationProblem> all = new ArrayList<>(mode.problems());
    all.addAll(ForwarderAnnotations.settings(annotations(svc)).problems());
    return all;
  }

  private boolean write(Service svc, Convergence result, IpMode mode) {
    List<String> current = ServiceSnapshots.ingressIps(svc);
    boolean changed =
        !ServiceWriter.ingressMatches(svc, result.ingressIPs(), mode)
            || !ServiceWriter.poolAnnotation(svc).equals(result.pool());
    if (!changed) {
      return false;
    }
    Service stored = writer.write(svc, result.ingressIPs(), mode, result.pool());
    writtenVersions.record(svc, stored);
    LOG.info(
        "Service {}: ingress {} -> {} (ipMode {})",
        key(svc),
        current,
        result.ingressIPs(),
        mode.wireValue());
    return true;
  }

  private void record(Service svc, AnnotationProblem p) {
    LOG.warn("Service {}: {}: {}", key(svc), INVALID_ANNOTATION, p.message());
    events.record(svc, EventRecorder.Type.WARNING, INVALID_ANNOTATION, p.message());
  }

  private static Map<String, String> annotations(Service svc) {
    Map<String, String> a = svc.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
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
