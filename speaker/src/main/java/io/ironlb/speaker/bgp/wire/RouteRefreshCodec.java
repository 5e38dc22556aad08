package io.ironlb.speaker.bgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * The ROUTE-REFRESH body (RFC 2918 §3), exactly 4 bytes (the frame decoder checks the length):
 *
 * <pre>
 *  0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      | Res.  | SAFI  |
 * +-------+-------+-------+-------+
 * </pre>
 *
 * The reserved octet is the message subtype of enhanced route refresh (RFC 7313 §3.2), which IronLB
 * does not advertise; it is ignored on receipt and sent as 0.
 */
final class RouteRefreshCodec {

  private RouteRefreshCodec() {}

  static RouteRefresh decode(ByteBuf body) {
    int afi = body.readUnsignedShort();
    body.skipBytes(1);
    return new RouteRefresh(afi, body.readUnsignedByte());
  }

  static void encode(RouteRefresh refresh, ByteBuf out) {
    out.writeShort(refresh.afi()).writeByte(0).writeByte(refresh.safi());
  }
}
