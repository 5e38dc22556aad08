package io.ironlb.speaker.l2.wire;

import java.net.Inet6Address;
import java.util.Objects;
import java.util.Optional;

/**
 * A Neighbor Solicitation (RFC 4861 §4.3).
 *
 * @param target the address whose link-layer address is asked for
 * @param sourceLinkLayer the Source Link-Layer Address option (RFC 4861 §4.6.1), if present
 */
public record NeighborSolicitation(Inet6Address target, Optional<MacAddress> sourceLinkLayer)
    implements NdpMessage {

  /** Validates the fields. */
  public NeighborSolicitation {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(sourceLinkLayer, "sourceLinkLayer");
  }

  @Override
  public int type() {
    return TYPE_NEIGHBOR_SOLICITATION;
  }
}
