package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.NlriCodec;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * MP_UNREACH_NLRI (RFC 4760 §4), type 15, optional non-transitive; IPv4 and IPv6 unicast only:
 *
 * <pre>
 * +----------+---------+-------------------------------+
 * | AFI (2)  | SAFI (1)| Withdrawn Routes (variable)   |
 * +----------+---------+-------------------------------+
 * </pre>
 *
 * With no withdrawn routes and nothing else in the UPDATE it is the End-of-RIB marker of its family
 * (RFC 4724 §2).
 */
public record MpUnreachNlri(int afi, int safi, List<Prefix> prefixes) implements PathAttribute {

  public static final int TYPE = 15;

  public MpUnreachNlri {
    AddressFamily family = new AddressFamily(afi, safi);
    if (!family.isSupported()) {
      throw new IllegalArgumentException("unsupported family " + family);
    }
    prefixes = NlriCodec.requireFamily(prefixes, afi == AddressFamily.AFI_IPV6, "MP_UNREACH_NLRI");
  }

  public MpUnreachNlri(AddressFamily family, List<Prefix> prefixes) {
    this(family.afi(), family.safi(), prefixes);
  }

  public AddressFamily family() {
    return new AddressFamily(afi, safi);
  }

  @Override
  public int typeCode() {
    return TYPE;
  }

  @Override
  public int flags() {
    return OPTIONAL_NON_TRANSITIVE;
  }

  @Override
  public int valueLength(BgpCodecContext ctx) {
    return 3 + NlriCodec.encodedLength(prefixes);
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    out.writeShort(afi).writeByte(safi);
    NlriCodec.write(out, prefixes);
  }

  static MpUnreachNlri decode(ByteBuf value, BgpCodecContext ctx) {
    PathAttributes.requireAtLeast(value, 3, "MP_UNREACH_NLRI");
    AddressFamily family = new AddressFamily(value.readUnsignedShort(), value.readUnsignedByte());
    return new MpUnreachNlri(family, NlriCodec.read(value, family, BgpError.INVALID_NETWORK_FIELD));
  }
}
