package io.ironlb.speaker.bgp.wire;

/**
 * ROUTE-REFRESH (RFC 2918 §3): asks the peer to resend its Adj-RIB-Out for one address family.
 *
 * @param afi Address Family Identifier (1 IPv4, 2 IPv6)
 * @param safi Subsequent AFI (1 unicast)
 */
public record RouteRefresh(int afi, int safi) implements BgpMessage {

  public RouteRefresh {
    if (afi < 0 || afi > 0xFFFF || safi < 0 || safi > 0xFF) {
      throw new IllegalArgumentException("AFI/SAFI out of range: " + afi + "/" + safi);
    }
  }

  @Override
  public MessageType type() {
    return MessageType.ROUTE_REFRESH;
  }
}
