package io.ironlb.core.forwarder;

import java.util.Optional;

/**
 * Who carries a Service's traffic from its load-balancer IP to the nodes, as written in {@code
 * status.loadBalancer.ingress[].ipMode} (Kubernetes 1.30+, KEP-1860).
 */
public enum IpMode {
  /** kube-proxy catches packets for the IP and DNATs them; IronLB only announces (the default). */
  VIP("VIP"),
  /** kube-proxy leaves the IP alone; IronLB's forwarder accepts it and relays to NodePorts. */
  PROXY("Proxy");

  private final String wireValue;

  IpMode(String wireValue) {
    this.wireValue = wireValue;
  }

  /** The value as the Kubernetes API spells it ({@code VIP}, {@code Proxy}). */
  public String wireValue() {
    return wireValue;
  }

  /** The mode spelled {@code text} (case-insensitive), if it is one. */
  public static Optional<IpMode> fromWire(String text) {
    for (IpMode m : values()) {
      if (m.wireValue.equalsIgnoreCase(text.trim())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
