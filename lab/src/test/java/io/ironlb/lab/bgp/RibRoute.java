package io.ironlb.lab.bgp;

import java.util.List;
import java.util.OptionalLong;

/**
 * A route as a daemon's own CLI shows it, normalised so one assertion fits FRR, BIRD and GoBGP.
 *
 * @param prefix {@code 203.0.113.100/32}, {@code 2001:db8:1d::100/128}
 * @param nextHop the BGP next hop (the global one for IPv6), as the daemon prints it
 * @param localPref LOCAL_PREF, when the route carries one (iBGP)
 * @param communities {@code "64513:100"}, ...
 * @param largeCommunities {@code "64513:1:2"}, ...
 * @param asPath the AS numbers of the AS_PATH, in order
 */
record RibRoute(
    String prefix,
    String nextHop,
    OptionalLong localPref,
    List<String> communities,
    List<String> largeCommunities,
    List<Long> asPath) {

  RibRoute {
    communities = List.copyOf(communities);
    largeCommunities = List.copyOf(largeCommunities);
    asPath = List.copyOf(asPath);
  }
}
