package io.ironlb.core.announce;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the layer-2 and BGP planners needs to know about one LoadBalancer Service.
 *
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param labels the Service's labels, matched by advertisement service selectors
 * @param ingressIps {@code status.loadBalancer.ingress} IPs in status order; the first one is
 *     hashed in the election (METALLB-API.md §10 item 12)
 * @param trafficPolicy {@code spec.externalTrafficPolicy}
 * @param allowsSharedIp whether the Service carries {@code metallb.io/allow-shared-ip} or {@code
 *     metallb.universe.tf/allow-shared-ip}
 * @param hasServingEndpoint whether at least one serving endpoint exists on any node
 * @param nodesWithServingEndpoints names of the nodes hosting at least one serving endpoint
 */
public record ServiceFacts(
    String namespace,
    String name,
    Map<String, String> labels,
    List<InetAddress> ingressIps,
    TrafficPolicy trafficPolicy,
    boolean allowsSharedIp,
    boolean hasServingEndpoint,
    Set<String> nodesWithServingEndpoints) {

  public ServiceFacts {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
    ingressIps = List.copyOf(ingressIps);
    Objects.requireNonNull(trafficPolicy, "trafficPolicy");
    nodesWithServingEndpoints = Set.copyOf(nodesWithServingEndpoints);
  }

  /** {@code namespace/name}, the key the plan uses. */
  public String key() {
    return namespace + "/" + name;
  }
}
