package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.NlriCodec;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * MP_REACH_NLRI (RFC 4760 §3), type 14, optional non-transitive; IPv4 and IPv6 unicast only:
 *
 * <pre>
 * +----------+--------+--------------+------------------------+--------------+------------------+
 * | AFI (2)  | SAFI(1)| NH length (1)| Next hop (4; 16 or 32) | Reserved (1) | NLRI (variable)  |
 * +----------+--------+--------------+------------------------+--------------+------------------+
 * </pre>
 *
 * An IPv6 next hop of 32 bytes is the global address followed by the link-local one (RFC 2545 §3).
 * A next-hop length that does not fit the family, or NLRI that cannot be parsed, resets the session
 * (RFC 7606 §7.11 and §5.3: the NLRI cannot be reliably located).
 *
 * @param linkLocalNextHop the link-local next hop (IPv6 only)
 */
public record MpReachNlri(
    int afi,
    int safi,
    InetAddress nextHop,
    Optional<Inet6Address> linkLocalNextHop,
    List<Prefix> prefixes)
    implements PathAttribute {

  public static final int TYPE = 14;

  public MpReachNlri {
    Objects.requireNonNull(nextHop, "nextHop");
    Objects.requireNonNull(linkLocalNextHop, "linkLocalNextHop");
    AddressFamily family = new AddressFamily(afi, safi);
    if (!family.isSupported()) {
      throw new IllegalArgumentException("unsupported family " + family);
    }
    boolean ipv6 = afi == AddressFamily.AFI_IPV6;
    if (ipv6 != nextHop instanceof Inet6Address || (!ipv6 && linkLocalNextHop.isPresent())) {
      throw new IllegalArgumentException("next hop " + nextHop + " does not fit " + family);
    }
    prefixes = NlriCodec.requireFamily(prefixes, ipv6, "MP_REACH_NLRI");
  }

  /** IPv6 unicast routes via {@code nextHop} (and {@code linkLocal}, when on a shared link). */
  public static MpReachNlri ipv6(
      Inet6Address nextHop, Optional<Inet6Address> linkLocal, List<Prefix> prefixes) {
    return new MpReachNlri(
        AddressFamily.AFI_IPV6, AddressFamily.SAFI_UNICAST, nextHop, linkLocal, prefixes);
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

  /** Bytes before the NLRI: AFI, SAFI, next-hop length, next hop, reserved. */
  public int headerLength() {
    return 5 + nextHop.getAddress().length + (linkLocalNextHop.isPresent() ? 16 : 0);
  }

  @Override
  public int valueLength(BgpCodecContext ctx) {
    return headerLength() + NlriCodec.encodedLength(prefixes);
  }

  @Override
  public void writeValue(ByteBuf out, BgpCodecContext ctx) {
    out.writeShort(afi).writeByte(safi).writeByte(headerLength() - 5);
    out.writeBytes(nextHop.getAddress());
    linkLocalNextHop.ifPresent(ll -> out.writeBytes(ll.getAddress()));
    out.writeByte(0); // RFC 4760 §3: Reserved, must be 0
    NlriCodec.write(out, prefixes);
  }

  static MpReachNlri decode(ByteBuf value, BgpCodecContext ctx) {
    PathAttributes.requireAtLeast(value, 5, "MP_REACH_NLRI");
    AddressFamily family = new AddressFamily(value.readUnsignedShort(), value.readUnsignedByte());
    int nextHopLength = value.readUnsignedByte();
    boolean ipv6 = family.afi() == AddressFamily.AFI_IPV6;
    boolean fits = ipv6 ? nextHopLength == 16 || nextHopLength == 32 : nextHopLength == 4;
    if (!fits || value.readableBytes() < nextHopLength + 1) {
      throw new BgpCodecException(
          BgpError.OPTIONAL_ATTRIBUTE_ERROR, "next-hop length " + nextHopLength + " for " + family);
    }
    InetAddress nextHop = address(value, ipv6 ? 16 : 4);
    Optional<Inet6Address> linkLocal =
        nextHopLength == 32 ? Optional.of((Inet6Address) address(value, 16)) : Optional.empty();
    value.skipBytes(1); // RFC 4760 §3: Reserved, ignored on receipt
    List<Prefix> prefixes = NlriCodec.read(value, family, BgpError.INVALID_NETWORK_FIELD);
    return new MpReachNlri(family.afi(), family.safi(), nextHop, linkLocal, prefixes);
  }

  private static InetAddress address(ByteBuf value, int length) {
    byte[] bytes = new byte[length];
    value.readBytes(bytes);
    try {
      return length == 16
          ? Inet6Address.getByAddress(null, bytes, -1)
          : (Inet4Address) InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are an address", e);
    }
  }
}
