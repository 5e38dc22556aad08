package io.ironlb.core.alloc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the allocator needs to know about a Service, read from the API object by the controller (the
 * core never sees the Kubernetes client's types).
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param labels {@code metadata.labels}
 * @param annotations {@code metadata.annotations}
 * @param type {@code spec.type}
 * @param clusterIPs {@code spec.clusterIPs} (or {@code clusterIP}); defines the IP families
 * @param ipFamilyPolicy {@code spec.ipFamilyPolicy}; null means SingleStack
 * @param ipFamilies {@code spec.ipFamilies}; the first is the primary family
 * @param externalTrafficPolicy {@code spec.externalTrafficPolicy}; null means Cluster
 * @param selector {@code spec.selector}
 * @param ports {@code spec.ports}
 * @param loadBalancerIP {@code spec.loadBalancerIP}, may be null
 * @param ingressIPs {@code status.loadBalancer.ingress[].ip}: the allocation on record
 */
public record ServiceSnapshot(
    String namespace,
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    String type,
    List<String> clusterIPs,
    String ipFamilyPolicy,
    List<String> ipFamilies,
    String externalTrafficPolicy,
    Map<String, String> selector,
    List<ServicePort> ports,
    String loadBalancerIP,
    List<String> ingressIPs) {

  public ServiceSnapshot {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    clusterIPs = clusterIPs == null ? List.of() : List.copyOf(clusterIPs);
    ipFamilies = ipFamilies == null ? List.of() : List.copyOf(ipFamilies);
    selector = selector == null ? Map.of() : Map.copyOf(selector);
    ports = ports == null ? List.of() : List.copyOf(ports);
    ingressIPs = ingressIPs == null ? List.of() : List.copyOf(ingressIPs);
  }

  /** {@code namespace/name}, the allocator's key for the Service. */
  public String key() {
    return namespace + "/" + name;
  }
}
