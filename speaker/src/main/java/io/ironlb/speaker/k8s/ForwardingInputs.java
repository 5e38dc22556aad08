package io.ironlb.speaker.k8s;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.ironlb.core.forwarder.ForwarderAnnotations;
import io.ironlb.core.forwarder.ForwardingSettings;
import io.ironlb.core.ip.Cidr;
import io.ironlb.core.ip.IpText;
import io.ironlb.speaker.forwarder.ForwarderConfig;
import io.ironlb.speaker.forwarder.ForwarderLimits;
import io.ironlb.speaker.forwarder.HealthCheckSettings;
import io.ironlb.speaker.forwarder.L4Protocol;
import io.ironlb.speaker.forwarder.ListenerSpec;
import io.ironlb.speaker.forwarder.ServiceForwarding;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the forwarder does on this node (docs/forwarder.md), from the cluster objects: for every
 * Service this node announces whose ingress entries say {@code ipMode: Proxy}, one listener per
 * Proxy ingress IP and Service port (TCP or UDP), forwarding to NodePorts. Pure: objects in,
 * records out.
 *
 * <p>Targets: with {@code local} (the default) this node's NodePort first, then the other ready
 * nodes' as fallbacks; with the spreading policies every ready node's. With {@code
 * externalTrafficPolicy: Local} only nodes with a serving endpoint are targets (another node's
 * NodePort would drop the traffic). A node's address of the VIP's family is used, else its other
 * one.
 */
public final class ForwardingInputs {

  private final String self;
  private final ForwarderLimits limits;
  private final HealthCheckSettings healthCheck;

  public ForwardingInputs(String self, ForwarderLimits limits, HealthCheckSettings healthCheck) {
    this.self = self;
    this.limits = limits;
    this.healthCheck = healthCheck;
  }

  /**
   * The configuration for the Services in {@code announcedHere} ({@code namespace/name}).
   *
   * @param servingNodes per Service key, the nodes with a serving endpoint (ETP Local)
   */
  public ForwarderConfig config(
      ClusterSnapshot snapshot,
      Collection<String> announcedHere,
      Map<String, Set<String>> servingNodes) {
    Map<String, NodeIps> nodes = readyNodes(snapshot.nodes());
    java.util.SortedMap<String, ServiceForwarding> services = new TreeMap<>();
    for (Service svc : snapshot.services()) {
      String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
      if (!announcedHere.contains(key)) {
        continue;
      }
      List<InetAddress> vips = proxyIps(svc);
      if (vips.isEmpty()) {
        continue;
      }
      boolean local = "Local".equals(svc.getSpec().getExternalTrafficPolicy());
      Map<String, NodeIps> targets =
          local ? only(nodes, servingNodes.getOrDefault(key, Set.of())) : nodes;
      services.put(key, forwarding(key, svc, vips, targets));
    }
    return new ForwarderConfig(services, healthCheck);
  }

  /** Whether any ingress entry of {@code svc} says {@code ipMode: Proxy}. */
  public static boolean proxyMode(Service svc) {
    return !proxyIps(svc).isEmpty();
  }

  private ServiceForwarding forwarding(
      String key, Service svc, List<InetAddress> vips, Map<String, NodeIps> nodes) {
    ForwardingSettings settings = ForwarderAnnotations.settings(annotations(svc));
    List<ListenerSpec> listeners = new ArrayList<>();
    for (InetAddress vip : vips) {
      for (ServicePort port : Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of())) {
        protocol(port)
            .filter(p -> port.getNodePort() != null && port.getPort() != null)
            .ifPresent(
                p ->
                    listeners.add(
                        new ListenerSpec(
                            p,
                            new InetSocketAddress(vip, port.getPort()),
                            targets(vip, port.getNodePort(), nodes))));
      }
    }
    return new ServiceForwarding(
        key, listeners, settings.targets(), settings.proxyProtocol(), sourceRanges(svc), limits);
  }

  /** This node first (when it is a target), then the others in name order. */
  private List<InetSocketAddress> targets(
      InetAddress vip, int nodePort, Map<String, NodeIps> nodes) {
    List<InetSocketAddress> out = new ArrayList<>();
    NodeIps mine = nodes.get(self);
    if (mine != null) {
      mine.pick(vip).ifPresent(a -> out.add(new InetSocketAddress(a, nodePort)));
    }
    new TreeMap<>(nodes)
        .forEach(
            (name, ips) -> {
              if (!name.equals(self)) {
                ips.pick(vip).ifPresent(a -> out.add(new InetSocketAddress(a, nodePort)));
              }
            });
    return out;
  }

  private static Optional<L4Protocol> protocol(ServicePort port) {
    String p = port.getProtocol() == null ? "TCP" : port.getProtocol();
    return switch (p) {
      case "TCP" -> Optional.of(L4Protocol.TCP);
      case "UDP" -> Optional.of(L4Protocol.UDP);
      default -> Optional.empty(); // SCTP: not forwarded
    };
  }

  static List<InetAddress> proxyIps(Service svc) {
    List<InetAddress> out = new ArrayList<>();
    if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null) {
      return out;
    }
    for (LoadBalancerIngress in :
        Optional.ofNullable(svc.getStatus().getLoadBalancer().getIngress()).orElse(List.of())) {
      if ("Proxy".equals(in.getIpMode()) && in.getIp() != null) {
        try {
          out.add(IpText.parse(in.getIp()));
        } catch (IllegalArgumentException e) {
          // not an IP literal: nothing to listen on
        }
      }
    }
    return out;
  }

  private static List<Cidr> sourceRanges(Service svc) {
    List<Cidr> out = new ArrayList<>();
    for (String r :
        Optional.ofNullable(svc.getSpec().getLoadBalancerSourceRanges()).orElse(List.of())) {
      try {
        out.add(Cidr.parse(r.trim()));
      } catch (IllegalArgumentException e) {
        // the API server validates this field; anything else is ignored as kube-proxy does
      }
    }
    return out;
  }

  private static Map<String, NodeIps> only(Map<String, NodeIps> nodes, Set<String> names) {
    Map<String, NodeIps> out = new LinkedHashMap<>();
    nodes.forEach(
        (n, ips) -> {
          if (names.contains(n)) {
            out.put(n, ips);
          }
        });
    return out;
  }

  /** Nodes that are Ready and not NetworkUnavailable, with their InternalIPs. */
  private static Map<String, NodeIps> readyNodes(List<Node> nodes) {
    Map<String, NodeIps> out = new HashMap<>();
    for (Node n : nodes) {
      if (!ready(n)) {
        continue;
      }
      List<InetAddress> ips = PlannerInputs.addresses(n, "InternalIP");
      if (!ips.isEmpty()) {
        out.put(n.getMetadata().getName(), new NodeIps(ips));
      }
    }
    return out;
  }

  private static boolean ready(Node n) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) {
      return false;
    }
    boolean ready = false;
    for (var c : n.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        ready = "True".equals(c.getStatus());
      } else if ("NetworkUnavailable".equals(c.getType()) && "True".equals(c.getStatus())) {
        return false;
      }
    }
    return ready;
  }

  private static Map<String, String> annotations(Service svc) {
    Map<String, String> a = svc.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** A node's InternalIPs. */
  private record NodeIps(List<InetAddress> ips) {
    /** The first address of the VIP's family, else the first address. */
    Optional<InetAddress> pick(InetAddress vip) {
      boolean v6 = vip instanceof Inet6Address;
      return ips.stream()
          .filter(a -> (a instanceof Inet6Address) == v6)
          .findFirst()
          .or(() -> ips.stream().findFirst());
    }
  }
}
