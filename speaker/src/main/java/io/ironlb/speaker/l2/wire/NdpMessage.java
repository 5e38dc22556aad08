package io.ironlb.speaker.l2.wire;

import java.net.Inet6Address;

/** The Neighbor Discovery messages the data plane reads and writes (RFC 4861 §4.3, §4.4). */
public sealed interface NdpMessage permits NeighborSolicitation, NeighborAdvertisement {

  /** ICMPv6 type of a Neighbor Solicitation (RFC 4861 §4.3). */
  int TYPE_NEIGHBOR_SOLICITATION = 135;

  /** ICMPv6 type of a Neighbor Advertisement (RFC 4861 §4.4). */
  int TYPE_NEIGHBOR_ADVERTISEMENT = 136;

  /** The Target Address field. */
  Inet6Address target();

  /** The ICMPv6 type of this message. */
  int type();
}
