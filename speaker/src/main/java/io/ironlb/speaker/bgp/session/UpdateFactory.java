package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.Update;
import io.ironlb.speaker.bgp.wire.UpdatePacker;
import io.ironlb.speaker.bgp.wire.attr.AsPath;
import io.ironlb.speaker.bgp.wire.attr.Communities;
import io.ironlb.speaker.bgp.wire.attr.LargeCommunities;
import io.ironlb.speaker.bgp.wire.attr.LocalPref;
import io.ironlb.speaker.bgp.wire.attr.NextHop;
import io.ironlb.speaker.bgp.wire.attr.Origin;
import io.ironlb.speaker.bgp.wire.attr.PathAttribute;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns routes into UPDATEs for one Established session, with the iBGP/eBGP rules of RFC 4271 §5.1:
 * ORIGIN IGP; AS_PATH empty over iBGP, our AS alone over eBGP (§5.1.2); LOCAL_PREF over iBGP only
 * (§5.1.5); NEXT_HOP (IPv4) or the MP_REACH_NLRI next hop (IPv6, RFC 4760 §3) set to our address.
 */
final class UpdateFactory {

  /** The LOCAL_PREF sent over iBGP when the route has none: the customary default. */
  static final long DEFAULT_LOCAL_PREF = 100;

  private final long localAs;
  private final Negotiated terms;
  private final Optional<Inet4Address> nextHopV4;
  private final Optional<Inet6Address> nextHopV6;
  private final UpdatePacker packer;

  UpdateFactory(
      long localAs,
      Negotiated terms,
      Optional<Inet4Address> nextHopV4,
      Optional<Inet6Address> nextHopV6) {
    this.localAs = localAs;
    this.terms = terms;
    this.nextHopV4 = nextHopV4;
    this.nextHopV6 = nextHopV6;
    this.packer =
        new UpdatePacker(
            terms.fourOctetAs() ? BgpCodecContext.FOUR_OCTET_AS : BgpCodecContext.INITIAL);
  }

  /** Whether routes of {@code family} can be announced: we have a next hop of that family. */
  boolean canAnnounce(AddressFamily family) {
    return family.afi() == AddressFamily.AFI_IPV6 ? nextHopV6.isPresent() : nextHopV4.isPresent();
  }

  List<Update> announce(AddressFamily family, RouteAttributes attributes, List<Prefix> prefixes) {
    List<PathAttribute> common = common(attributes);
    if (family.afi() == AddressFamily.AFI_IPV6) {
      return packer.announceIpv6(common, nextHopV6.orElseThrow(), Optional.empty(), prefixes);
    }
    List<PathAttribute> withNextHop = new ArrayList<>(common);
    withNextHop.add(new NextHop(nextHopV4.orElseThrow()));
    return packer.announceIpv4(withNextHop, prefixes);
  }

  List<Update> withdraw(AddressFamily family, List<Prefix> prefixes) {
    return family.afi() == AddressFamily.AFI_IPV6
        ? packer.withdrawIpv6(prefixes)
        : packer.withdrawIpv4(prefixes);
  }

  private List<PathAttribute> common(RouteAttributes a) {
    List<PathAttribute> out = new ArrayList<>();
    out.add(Origin.IGP);
    out.add(terms.internal() ? AsPath.EMPTY : AsPath.sequence(localAs));
    if (terms.internal()) {
      out.add(new LocalPref(a.localPref() == 0 ? DEFAULT_LOCAL_PREF : a.localPref()));
    }
    if (!a.communities().isEmpty()) {
      out.add(new Communities(a.communities()));
    }
    if (!a.largeCommunities().isEmpty()) {
      out.add(new LargeCommunities(a.largeCommunities()));
    }
    return out;
  }
}
