package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.attr.LargeCommunities.LargeCommunity;
import java.util.List;

/**
 * The attributes one group of routes shares, as the planner decides them (METALLB-API.md §5.1). The
 * session adds ORIGIN, AS_PATH and the next hop itself (they depend on the session).
 *
 * @param localPref LOCAL_PREF, 0 when unset (iBGP then sends 100, the usual default; eBGP sends
 *     none, RFC 4271 §5.1.5)
 * @param communities standard communities (RFC 1997), each 0..2^32-1
 * @param largeCommunities large communities (RFC 8092)
 */
public record RouteAttributes(
    long localPref, List<Long> communities, List<LargeCommunity> largeCommunities) {

  /** No LOCAL_PREF preference, no communities. */
  public static final RouteAttributes NONE = new RouteAttributes(0, List.of(), List.of());

  public RouteAttributes {
    if (localPref < 0 || localPref > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("LOCAL_PREF out of range: " + localPref);
    }
    communities = List.copyOf(communities);
    largeCommunities = List.copyOf(largeCommunities);
    for (long c : communities) {
      if (c < 0 || c > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("community out of range: " + c);
      }
    }
  }
}
