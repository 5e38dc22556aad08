package io.ironlb.speaker.bgp.wire.cap;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.netty.buffer.ByteBuf;

/**
 * Multiprotocol Extensions capability (RFC 4760 §8), code 1, length 4:
 *
 * <pre>
 *  0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      | Res.  | SAFI  |
 * +-------+-------+-------+-------+
 * </pre>
 */
public record MultiprotocolCapability(int afi, int safi) implements Capability {

  public static final int CODE = 1;

  /** IPv4 unicast. */
  public static final MultiprotocolCapability IPV4_UNICAST =
      new MultiprotocolCapability(AddressFamily.AFI_IPV4, AddressFamily.SAFI_UNICAST);

  /** IPv6 unicast. */
  public static final MultiprotocolCapability IPV6_UNICAST =
      new MultiprotocolCapability(AddressFamily.AFI_IPV6, AddressFamily.SAFI_UNICAST);

  public MultiprotocolCapability {
    new AddressFamily(afi, safi); // range check
  }

  /** The family as a value. */
  public AddressFamily family() {
    return new AddressFamily(afi, safi);
  }

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeShort(afi).writeByte(0).writeByte(safi);
  }

  static MultiprotocolCapability decode(ByteBuf value) {
    Capabilities.requireLength(value, 4, "multiprotocol");
    int afi = value.readUnsignedShort();
    value.skipBytes(1); // RFC 4760 §8: reserved, ignored on receipt
    return new MultiprotocolCapability(afi, value.readUnsignedByte());
  }
}
