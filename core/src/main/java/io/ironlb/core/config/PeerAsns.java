package io.ironlb.core.config;

import io.ironlb.api.v1beta2.BGPPeerSpec;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The AS numbers of a BGPPeer (METALLB-API.md §1.4, V14): a non-zero local ASN, exactly one of
 * peerASN and dynamicASN (internal or external), an optional localASN, and no ebgpMultiHop on an
 * internal session. In MetalLB's Go types an ASN of 0 means unset.
 *
 * @param my the local AS number
 * @param peer the fixed peer AS number, when set
 * @param dynamic which peer AS numbers are accepted, when none is fixed
 * @param local the AS number presented instead of {@code my}, when set
 */
record PeerAsns(
    long my, OptionalLong peer, Optional<BgpPeerConfig.DynamicAsn> dynamic, OptionalLong local) {

  private static final long MAX_ASN = 0xffffffffL;

  static PeerAsns parse(BGPPeerSpec s, Problems p) {
    long my = s.getMyASN() == null ? 0 : s.getMyASN();
    if (my == 0) {
      p.reject("spec.myASN", "missing local ASN");
    }
    range(my, "spec.myASN", p);
    OptionalLong peer = optional(s.getPeerASN(), "spec.peerASN", p);
    Optional<BgpPeerConfig.DynamicAsn> dynamic = dynamic(s.getDynamicASN(), p);
    if (peer.isPresent() == Crs.isSet(s.getDynamicASN())) {
      p.reject(
          "spec.peerASN",
          (peer.isPresent() ? "both peerASN and dynamicASN set" : "missing peerASN")
              + ": set exactly one of peerASN and dynamicASN");
    }
    PeerAsns asns = new PeerAsns(my, peer, dynamic, optional(s.getLocalASN(), "spec.localASN", p));
    if (Boolean.TRUE.equals(s.getEbgpMultiHop()) && asns.internal()) {
      p.reject("spec.ebgpMultiHop", "invalid ebgp-multihop parameter set for an ibgp peer");
    }
    return asns;
  }

  /** Whether the session is iBGP: the peer's AS is {@code my}, fixed or dynamic. */
  boolean internal() {
    return peer.orElse(-1) == my || dynamic.equals(Optional.of(BgpPeerConfig.DynamicAsn.INTERNAL));
  }

  private static Optional<BgpPeerConfig.DynamicAsn> dynamic(String text, Problems p) {
    if (!Crs.isSet(text)) {
      return Optional.empty();
    }
    return switch (text) {
      case "internal" -> Optional.of(BgpPeerConfig.DynamicAsn.INTERNAL);
      case "external" -> Optional.of(BgpPeerConfig.DynamicAsn.EXTERNAL);
      default -> {
        p.reject(
            "spec.dynamicASN", "invalid dynamicASN \"" + text + "\": must be internal or external");
        yield Optional.empty();
      }
    };
  }

  private static OptionalLong optional(Long given, String field, Problems p) {
    if (given == null || given == 0) {
      return OptionalLong.empty();
    }
    range(given, field, p);
    return OptionalLong.of(given);
  }

  private static void range(long asn, String field, Problems p) {
    if (asn < 0 || asn > MAX_ASN) {
      p.reject(field, "invalid AS number " + asn + ": must be 0.." + MAX_ASN);
    }
  }
}
