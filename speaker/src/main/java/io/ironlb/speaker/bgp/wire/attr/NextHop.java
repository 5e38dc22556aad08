package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * NEXT_HOP (RFC 4271 §4.3, §5.1.3), type 3, well-known (mandatory when the NLRI field is not empty,
 * RFC 4760 §3): 4 bytes. A length other than 4 is an attribute length error, an address that cannot
 * be a next hop (0.0.0.0, multicast, class E, broadcast) an invalid NEXT_HOP; both are treated as
 * withdraw (RFC 7606 §7.3).
 */
public record NextHop(Inet4Address address) implements PathAttribute {

  public static final int TYPE = 3;

  public NextHop {
    Objects.requireNonNull(address, "address");
  }

  @Override
  public int typeCode() {
    return TYPE;
  }

  @Override
  public int flags() {
    return WELL_KNOWN;
  }

  @Override
  public int valueLength(BgpCodecContext ctx) {
    return 4;
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    out.writeBytes(address.getAddress());
  }

  static NextHop decode(ByteBuf value, BgpCodecContext ctx) {
    PathAttributes.requireLength(value, 4, "NEXT_HOP");
    byte[] bytes = new byte[4];
    value.readBytes(bytes);
    int first = bytes[0] & 0xFF;
    if (first == 0 || first >= 224) {
      // RFC 4271 §6.3: syntactically incorrect NEXT_HOP
      throw new BgpCodecException(
          BgpError.INVALID_NEXT_HOP_ATTRIBUTE, "NEXT_HOP " + first + ".x.x.x cannot be a next hop");
    }
    try {
      return new NextHop((Inet4Address) InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are an IPv4 address", e);
    }
  }
}
