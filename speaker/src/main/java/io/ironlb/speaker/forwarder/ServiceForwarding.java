package io.ironlb.speaker.forwarder;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import io.ironlb.core.ip.Cidr;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the forwarder does for one Proxy-mode Service on this node.
 *
 * @param service {@code namespace/name}
 * @param listeners one per Service port and ingress IP
 * @param policy how a target is chosen among the healthy ones
 * @param proxyProtocol the header sent first on each relayed TCP connection (UDP: never)
 * @param sourceRanges {@code spec.loadBalancerSourceRanges}; empty admits every source
 * @param limits per-listener bounds
 */
public record ServiceForwarding(
    String service,
    List<ListenerSpec> listeners,
    TargetPolicy policy,
    ProxyProtocol proxyProtocol,
    List<Cidr> sourceRanges,
    ForwarderLimits limits) {

  public ServiceForwarding {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    Objects.requireNonNull(limits, "limits");
    listeners = List.copyOf(listeners);
    sourceRanges = List.copyOf(sourceRanges);
    Set<String> seen = new HashSet<>();
    for (ListenerSpec l : listeners) {
      if (!seen.add(l.describe())) {
        throw new IllegalArgumentException(service + ": listener " + l.describe() + " twice");
      }
    }
  }

  /** Whether a client at {@code source} may connect (no ranges: everyone). */
  public boolean admits(InetAddress source) {
    return sourceRanges.isEmpty() || sourceRanges.stream().anyMatch(c -> c.contains(source));
  }
}
