package io.ironlb.speaker.membership;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A heartbeat to send to one peer.
 *
 * @param to the peer's membership address
 * @param heartbeat what to send
 */
public record Outgoing(InetSocketAddress to, Heartbeat heartbeat) {

  public Outgoing {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(heartbeat, "heartbeat");
  }
}
