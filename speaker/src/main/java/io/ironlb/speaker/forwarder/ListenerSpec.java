package io.ironlb.speaker.forwarder;

import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One Service port the forwarder accepts, and where it sends the traffic.
 *
 * @param protocol TCP or UDP
 * @param listen the Service's {@code VIP:port}
 * @param targets the NodePorts ({@code nodeIP:nodePort}) to relay to, duplicates removed, in the
 *     planner's order; with {@link io.ironlb.core.forwarder.TargetPolicy#LOCAL} the first healthy
 *     one is used, so the planner puts this node's NodePort first. Empty: every connection is
 *     refused
 */
public record ListenerSpec(
    L4Protocol protocol, InetSocketAddress listen, List<InetSocketAddress> targets) {

  public ListenerSpec {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(listen, "listen");
    if (listen.isUnresolved()) {
      throw new IllegalArgumentException("listen address must be an IP: " + listen);
    }
    for (InetSocketAddress t : targets) {
      if (t.isUnresolved() || t.getPort() == 0) {
        throw new IllegalArgumentException("target must be IP:port: " + t);
      }
    }
    targets = List.copyOf(new LinkedHashSet<>(targets));
  }

  /** {@code TCP/192.0.2.10:80}, for logs. */
  public String describe() {
    return protocol + "/" + listen.getAddress().getHostAddress() + ":" + listen.getPort();
  }
}
