package io.ironlb.speaker.bgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * KEEPALIVE (RFC 4271 §4.4): no body; the header's length must be exactly 19, which the frame
 * decoder checks (Bad Message Length (1,2) otherwise).
 */
final class KeepaliveCodec {

  private KeepaliveCodec() {}

  static Keepalive decode(ByteBuf body) {
    return Keepalive.INSTANCE;
  }

  static void encode(Keepalive keepalive, ByteBuf out) {
    // header only
  }
}
