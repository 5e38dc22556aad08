package io.ironlb.controller.k8s;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.ironlb.core.alloc.ServicePort;
import io.ironlb.core.alloc.ServiceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a fabric8 {@link Service} into the core's {@link ServiceSnapshot}: the one place the
 * controller reads Service fields, so the allocation rules in {@code core} never see the client.
 */
public final class ServiceSnapshots {

  private ServiceSnapshots() {}

  /** The snapshot of {@code svc} as the allocator sees it. */
  public static ServiceSnapshot of(Service svc) {
    ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
    return new ServiceSnapshot(
        svc.getMetadata().getNamespace(),
        svc.getMetadata().getName(),
        orEmpty(svc.getMetadata().getLabels()),
        orEmpty(svc.getMetadata().getAnnotations()),
        spec.getType() == null ? "ClusterIP" : spec.getType(),
        clusterIps(spec),
        spec.getIpFamilyPolicy(),
        spec.getIpFamilies() == null ? List.of() : List.copyOf(spec.getIpFamilies()),
        spec.getExternalTrafficPolicy(),
        orEmpty(spec.getSelector()),
        ports(spec),
        spec.getLoadBalancerIP(),
        ingressIps(svc));
  }

  /**
   * The IPs in {@code status.loadBalancer.ingress[].ip}, in order; hostname-only entries skipped.
   */
  public static List<String> ingressIps(Service svc) {
    ServiceStatus status = svc.getStatus();
    if (status == null) {
      return List.of();
    }
    LoadBalancerStatus lb = status.getLoadBalancer();
    if (lb == null || lb.getIngress() == null) {
      return List.of();
    }
    return lb.getIngress().stream()
        .map(LoadBalancerIngress::getIp)
        .filter(Objects::nonNull)
        .filter(ip -> !ip.isBlank())
        .toList();
  }

  private static List<String> clusterIps(ServiceSpec spec) {
    List<String> ips = new ArrayList<>();
    if (spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) {
      ips.addAll(spec.getClusterIPs());
    } else if (spec.getClusterIP() != null) {
      ips.add(spec.getClusterIP());
    }
    // "None" marks a headless Service: it has no ClusterIP family to allocate for.
    ips.removeIf(ip -> ip == null || ip.isBlank() || "None".equals(ip));
    return List.copyOf(ips);
  }

  private static List<ServicePort> ports(ServiceSpec spec) {
    if (spec.getPorts() == null) {
      return List.of();
    }
    return spec.getPorts().stream()
        .map(
            p ->
                new ServicePort(
                    p.getProtocol() == null ? "TCP" : p.getProtocol(),
                    p.getPort() == null ? 0 : p.getPort()))
        .toList();
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : Map.copyOf(m);
  }
}
