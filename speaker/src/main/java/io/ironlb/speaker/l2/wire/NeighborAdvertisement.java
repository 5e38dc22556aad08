package io.ironlb.speaker.l2.wire;

import java.net.Inet6Address;
import java.util.Objects;
import java.util.Optional;

/**
 * A Neighbor Advertisement (RFC 4861 §4.4).
 *
 * @param router the R flag
 * @param solicited the S flag: a response to a Neighbor Solicitation
 * @param override the O flag: receivers replace a cached link-layer address
 * @param target the address advertised
 * @param targetLinkLayer the Target Link-Layer Address option (RFC 4861 §4.6.1), if present
 */
public record NeighborAdvertisement(
    boolean router,
    boolean solicited,
    boolean override,
    Inet6Address target,
    Optional<MacAddress> targetLinkLayer)
    implements NdpMessage {

  /** Validates the fields. */
  public NeighborAdvertisement {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(targetLinkLayer, "targetLinkLayer");
  }

  @Override
  public int type() {
    return TYPE_NEIGHBOR_ADVERTISEMENT;
  }
}
