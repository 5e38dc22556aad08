package io.ironlb.controller.k8s;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ironlb.core.forwarder.IpMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes what the controller owns on a Service: the {@code metallb.io/ip-allocated-from-pool}
 * annotation (on the main resource) and {@code status.loadBalancer.ingress} with each entry's
 * {@code ipMode} (through the {@code status} subresource, as a real API server requires).
 *
 * <p>Both are PUTs carrying the resourceVersion the decision was made on: a Service that changed in
 * between is not overwritten (409 Conflict, and the reconcile runs again on the fresh object). The
 * second write uses the object the first one returned, so the pair costs two requests and never
 * conflicts with itself; a PUT also replaces the ingress list exactly, where merge patches of lists
 * differ between servers.
 */
public final class ServiceWriter {

  /** The annotation naming the pool the Service's IPs came from. */
  public static final String POOL_ANNOTATION = "metallb.io/ip-allocated-from-pool";

  private final KubernetesClient client;

  public ServiceWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Makes the Service carry {@code ips} as its ingress (empty clears it), each entry with {@code
   * mode} as its {@code ipMode}, and {@code pool} as its pool annotation (empty removes it),
   * writing only what differs.
   *
   * @return the Service as the API server stored it after the last write (or {@code svc} when
   *     nothing needed writing)
   */
  public Service write(Service svc, List<String> ips, IpMode mode, Optional<String> pool) {
    Service current = svc;
    if (!poolAnnotation(current).equals(pool)) {
      Service copy = new ServiceBuilder(current).build();
      Map<String, String> annotations =
          new HashMap<>(
              copy.getMetadata().getAnnotations() == null
                  ? Map.of()
                  : copy.getMetadata().getAnnotations());
      pool.ifPresentOrElse(
          p -> annotations.put(POOL_ANNOTATION, p), () -> annotations.remove(POOL_ANNOTATION));
      copy.getMetadata().setAnnotations(annotations);
      current = client.services().resource(copy).update();
    }
    if (!ingressMatches(current, ips, mode)) {
      Service copy = new ServiceBuilder(current).build();
      if (copy.getStatus() == null) {
        copy.setStatus(new ServiceStatus());
      }
      if (copy.getStatus().getLoadBalancer() == null) {
        copy.getStatus().setLoadBalancer(new LoadBalancerStatus());
      }
      List<LoadBalancerIngress> ingress = new ArrayList<>();
      for (String ip : ips) {
        ingress.add(
            new LoadBalancerIngressBuilder().withIp(ip).withIpMode(mode.wireValue()).build());
      }
      copy.getStatus().getLoadBalancer().setIngress(ingress.isEmpty() ? null : ingress);
      current = client.services().resource(copy).updateStatus();
    }
    return current;
  }

  /**
   * Whether the Service's ingress is exactly {@code ips}, each with {@code mode}. An unset {@code
   * ipMode} means VIP (as kube-proxy reads it), so Services written before IronLB knew ipMode are
   * not rewritten just to spell out the default.
   */
  public static boolean ingressMatches(Service svc, List<String> ips, IpMode mode) {
    if (!ServiceSnapshots.ingressIps(svc).equals(ips)) {
      return false;
    }
    return ips.isEmpty()
        || svc.getStatus().getLoadBalancer().getIngress().stream()
            .filter(i -> i.getIp() != null && !i.getIp().isBlank())
            .allMatch(
                i ->
                    mode.wireValue()
                        .equals(i.getIpMode() == null ? IpMode.VIP.wireValue() : i.getIpMode()));
  }

  /** The pool annotation currently on the Service, if any. */
  public static Optional<String> poolAnnotation(Service svc) {
    Map<String, String> a = svc.getMetadata().getAnnotations();
    return Optional.ofNullable(a == null ? null : a.get(POOL_ANNOTATION));
  }
}
