package io.ironlb.speaker.vip;

import io.ironlb.speaker.forwarder.L4Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * Makes this node's kernel deliver packets for the forwarder's VIP ports to local sockets (the node
 * does not hold the VIP as an address). Implementations must never make the node answer ARP or NDP
 * for a VIP: in layer 2 only the elected speaker may.
 */
public interface VipDelivery extends AutoCloseable {

  /** One VIP port the forwarder listens on. */
  record Port(L4Protocol protocol, InetAddress vip, int port) {
    public Port {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(vip, "vip");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535: " + port);
      }
    }
  }

  /** Delivers exactly {@code ports} locally (adds what is missing, removes what is not listed). */
  void apply(Set<Port> ports) throws IOException;

  /** Removes everything this delivery added. */
  @Override
  void close() throws IOException;
}
