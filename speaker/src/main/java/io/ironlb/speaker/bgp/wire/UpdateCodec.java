package io.ironlb.speaker.bgp.wire;

import io.ironlb.speaker.bgp.wire.Malformation.Action;
import io.ironlb.speaker.bgp.wire.attr.AsPath;
import io.ironlb.speaker.bgp.wire.attr.MpReachNlri;
import io.ironlb.speaker.bgp.wire.attr.MpUnreachNlri;
import io.ironlb.speaker.bgp.wire.attr.NextHop;
import io.ironlb.speaker.bgp.wire.attr.Origin;
import io.ironlb.speaker.bgp.wire.attr.PathAttribute;
import io.ironlb.speaker.bgp.wire.attr.PathAttributes;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The UPDATE body (RFC 4271 §4.3):
 *
 * <pre>
 * +-----------------------------------------------------+
 * |   Withdrawn Routes Length (2 octets)                |
 * +-----------------------------------------------------+
 * |   Withdrawn Routes (variable)                       |
 * +-----------------------------------------------------+
 * |   Total Path Attribute Length (2 octets)            |
 * +-----------------------------------------------------+
 * |   Path Attributes (variable)                        |
 * +-----------------------------------------------------+
 * |   Network Layer Reachability Information (variable) |
 * +-----------------------------------------------------+
 * </pre>
 *
 * Lengths that do not add up reset the session with Malformed Attribute List (3,1), unparseable
 * prefixes with Invalid Network Field (3,10) (RFC 4271 §6.3, RFC 7606 §5.3). Attribute problems
 * follow {@link PathAttributes}; a treat-as-withdraw UPDATE is returned with all its routes moved
 * to the withdrawn side (IPv4 in Withdrawn Routes, IPv6 in MP_UNREACH_NLRI).
 */
final class UpdateCodec {

  private UpdateCodec() {}

  static Update decode(ByteBuf body, BgpCodecContext ctx) {
    int withdrawnLength = body.readUnsignedShort();
    BgpCodecException.require(
        withdrawnLength + 2 <= body.readableBytes(),
        BgpError.MALFORMED_ATTRIBUTE_LIST,
        "Withdrawn Routes Length " + withdrawnLength + " overruns the message");
    ByteBuf withdrawnField = body.readSlice(withdrawnLength);
    int attributesLength = body.readUnsignedShort();
    BgpCodecException.require(
        attributesLength <= body.readableBytes(),
        BgpError.MALFORMED_ATTRIBUTE_LIST,
        "Total Path Attribute Length " + attributesLength + " overruns the message");
    ByteBuf attributesField = body.readSlice(attributesLength);
    List<Prefix> withdrawn =
        NlriCodec.read(withdrawnField, AddressFamily.IPV4_UNICAST, BgpError.INVALID_NETWORK_FIELD);
    List<Prefix> nlri =
        NlriCodec.read(body, AddressFamily.IPV4_UNICAST, BgpError.INVALID_NETWORK_FIELD);
    PathAttributes.Decoded decoded = PathAttributes.read(attributesField, ctx);
    List<Malformation> problems = new ArrayList<>(decoded.malformations());
    checkMandatory(decoded, !nlri.isEmpty(), problems);
    Update update = new Update(withdrawn, decoded.attributes(), nlri, problems);
    return update.treatAsWithdraw() ? asWithdraw(update) : update;
  }

  /**
   * RFC 4271 §5: ORIGIN and AS_PATH with any NLRI (RFC 4760 §3: also with MP_REACH_NLRI), NEXT_HOP
   * with IPv4 NLRI (RFC 4760 §3); missing ones are treat-as-withdraw (RFC 7606 §3(d)).
   */
  private static void checkMandatory(
      PathAttributes.Decoded decoded, boolean ipv4Nlri, List<Malformation> problems) {
    boolean mpReach = decoded.attributes().stream().anyMatch(MpReachNlri.class::isInstance);
    if (ipv4Nlri || mpReach) {
      requirePresent(decoded, Origin.TYPE, problems);
      requirePresent(decoded, AsPath.TYPE, problems);
    }
    if (ipv4Nlri) {
      requirePresent(decoded, NextHop.TYPE, problems);
    }
  }

  private static void requirePresent(
      PathAttributes.Decoded decoded, int type, List<Malformation> problems) {
    boolean present = decoded.attributes().stream().anyMatch(a -> a.typeCode() == type);
    boolean reported = problems.stream().anyMatch(m -> m.attributeType() == type);
    if (!present && !reported) {
      problems.add(
          new Malformation(
              BgpError.MISSING_WELL_KNOWN_ATTRIBUTE,
              type,
              Action.TREAT_AS_WITHDRAW,
              "missing attribute " + type));
    }
  }

  /** RFC 7606 §2: every route the UPDATE carried, announced or withdrawn, is now withdrawn. */
  private static Update asWithdraw(Update update) {
    List<Prefix> ipv4 = NlriCodec.concat(update.withdrawn(), update.nlri());
    List<Prefix> ipv6 = new ArrayList<>();
    boolean anyIpv6 = false;
    for (PathAttribute a : update.attributes()) {
      int afi;
      List<Prefix> prefixes;
      if (a instanceof MpReachNlri r) {
        afi = r.afi();
        prefixes = r.prefixes();
      } else if (a instanceof MpUnreachNlri u) {
        afi = u.afi();
        prefixes = u.prefixes();
      } else {
        continue;
      }
      if (afi == AddressFamily.AFI_IPV6) {
        anyIpv6 = true;
        ipv6.addAll(prefixes);
      } else {
        ipv4 = NlriCodec.concat(ipv4, prefixes);
      }
    }
    List<PathAttribute> unreach =
        anyIpv6 ? List.of(new MpUnreachNlri(AddressFamily.IPV6_UNICAST, ipv6)) : List.of();
    return new Update(ipv4, unreach, List.of(), update.malformations());
  }

  static void encode(Update update, ByteBuf out, BgpCodecContext ctx) {
    int withdrawnLengthIndex = out.writerIndex();
    out.writeShort(0);
    NlriCodec.write(out, update.withdrawn());
    out.setShort(withdrawnLengthIndex, out.writerIndex() - withdrawnLengthIndex - 2);
    int attributesLengthIndex = out.writerIndex();
    out.writeShort(0);
    PathAttributes.write(out, update.attributes(), ctx);
    out.setShort(attributesLengthIndex, out.writerIndex() - attributesLengthIndex - 2);
    NlriCodec.write(out, update.nlri());
  }
}
