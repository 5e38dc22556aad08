package io.ironlb.speaker.k8s;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.ironlb.core.announce.NodeFacts;
import io.ironlb.core.announce.ServiceFacts;
import io.ironlb.core.announce.TrafficPolicy;
import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns Kubernetes objects into the planner's facts (METALLB-API.md §2.4): which Services this
 * speaker serves, their ingress IPs, where their serving endpoints are, and the Nodes' labels and
 * network condition. Pure: objects in, records out.
 */
public final class PlannerInputs {

  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final List<String> SHARED_IP_ANNOTATIONS =
      List.of("metallb.io/allow-shared-ip", "metallb.universe.tf/allow-shared-ip");

  private final Optional<String> lbClass;

  /**
   * @param lbClass the loadBalancerClass served; empty serves Services without a class
   */
  public PlannerInputs(Optional<String> lbClass) {
    this.lbClass = Objects.requireNonNull(lbClass, "lbClass");
  }

  /** The LoadBalancer Services of our class that have at least one ingress IP, as facts. */
  public List<ServiceFacts> services(ClusterSnapshot snapshot) {
    Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();
    for (EndpointSlice s : snapshot.endpointSlices()) {
      String svc = labels(s.getMetadata().getLabels()).get(SERVICE_NAME_LABEL);
      if (svc != null) {
        slicesByService
            .computeIfAbsent(s.getMetadata().getNamespace() + "/" + svc, k -> new ArrayList<>())
            .add(s);
      }
    }
    List<ServiceFacts> out = new ArrayList<>();
    for (Service svc : snapshot.services()) {
      if (serves(svc)) {
        String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
        out.add(facts(svc, slicesByService.getOrDefault(key, List.of())));
      }
    }
    return out;
  }

  /** Whether this speaker announces {@code svc} at all: type LoadBalancer of our class. */
  boolean serves(Service svc) {
    if (svc.getSpec() == null || !"LoadBalancer".equals(svc.getSpec().getType())) {
      return false;
    }
    return Objects.equals(lbClass.orElse(null), svc.getSpec().getLoadBalancerClass());
  }

  private ServiceFacts facts(Service svc, List<EndpointSlice> slices) {
    Set<String> servingNodes = new TreeSet<>();
    boolean anyServing = false;
    for (EndpointSlice slice : slices) {
      for (Endpoint ep : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
        if (serving(ep.getConditions())) {
          anyServing = true;
          if (ep.getNodeName() != null) {
            servingNodes.add(ep.getNodeName());
          }
        }
      }
    }
    Map<String, String> annotations = labels(svc.getMetadata().getAnnotations());
    return new ServiceFacts(
        svc.getMetadata().getNamespace(),
        svc.getMetadata().getName(),
        labels(svc.getMetadata().getLabels()),
        ingressIps(svc),
        "Local".equals(svc.getSpec().getExternalTrafficPolicy())
            ? TrafficPolicy.LOCAL
            : TrafficPolicy.CLUSTER,
        SHARED_IP_ANNOTATIONS.stream().anyMatch(a -> !annotations.getOrDefault(a, "").isEmpty()),
        anyServing,
        servingNodes);
  }

  /**
   * "Serving" as MetalLB reads an EndpointSlice: {@code ready} unset or true, or {@code serving}
   * true (terminating endpoints that still serve count).
   */
  static boolean serving(EndpointConditions c) {
    if (c == null) {
      return true;
    }
    return c.getReady() == null || c.getReady() || Boolean.TRUE.equals(c.getServing());
  }

  /** The ingress IPs in status order; entries that are not IP literals are skipped. */
  static List<InetAddress> ingressIps(Service svc) {
    List<InetAddress> ips = new ArrayList<>();
    if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null) {
      return ips;
    }
    for (LoadBalancerIngress in :
        Optional.ofNullable(svc.getStatus().getLoadBalancer().getIngress()).orElse(List.of())) {
      if (in.getIp() != null) {
        try {
          ips.add(IpText.parse(in.getIp()));
        } catch (IllegalArgumentException e) {
          // a hostname or garbage written by someone else: not ours to announce
        }
      }
    }
    return ips;
  }

  /** Every Node's labels and NetworkUnavailable condition. */
  public Map<String, NodeFacts> nodes(ClusterSnapshot snapshot) {
    Map<String, NodeFacts> out = new LinkedHashMap<>();
    for (Node n : snapshot.nodes()) {
      out.put(
          n.getMetadata().getName(),
          new NodeFacts(
              n.getMetadata().getName(), labels(n.getMetadata().getLabels()), unavailable(n)));
    }
    return out;
  }

  private static boolean unavailable(Node n) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) {
      return false;
    }
    return n.getStatus().getConditions().stream()
        .anyMatch(c -> "NetworkUnavailable".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Each Node's address for heartbeats: its first InternalIP (IPv4 preferred), else its first
   * ExternalIP. Nodes without either are left out.
   */
  public static Map<String, InetAddress> nodeAddresses(List<Node> nodes) {
    Map<String, InetAddress> out = new LinkedHashMap<>();
    for (Node n : nodes) {
      pick(addresses(n, "InternalIP"))
          .or(() -> pick(addresses(n, "ExternalIP")))
          .ifPresent(a -> out.put(n.getMetadata().getName(), a));
    }
    return out;
  }

  /**
   * The Node's addresses of {@code type} ({@code InternalIP}...) that are IP literals, in order.
   */
  public static List<InetAddress> addresses(Node n, String type) {
    List<InetAddress> out = new ArrayList<>();
    List<NodeAddress> addrs =
        n.getStatus() == null || n.getStatus().getAddresses() == null
            ? List.of()
            : n.getStatus().getAddresses();
    for (NodeAddress a : addrs) {
      if (type.equals(a.getType()) && a.getAddress() != null) {
        try {
          out.add(IpText.parse(a.getAddress()));
        } catch (IllegalArgumentException e) {
          // not an IP literal
        }
      }
    }
    return out;
  }

  /** The first IPv4 address, else the first one. */
  private static Optional<InetAddress> pick(List<InetAddress> ips) {
    return ips.stream()
        .filter(ip -> ip.getAddress().length == 4)
        .findFirst()
        .or(() -> ips.stream().findFirst());
  }

  private static Map<String, String> labels(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
