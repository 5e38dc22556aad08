package io.ironlb.core.announce;

import io.ironlb.core.config.BgpCommunity;
import io.ironlb.core.ip.Cidr;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One route this node announces to a peer (METALLB-API.md §5.1): a Service IP masked to the
 * advertisement's aggregation length, with its path attributes.
 *
 * @param prefix the announced prefix, host bits cleared
 * @param localPref LOCAL_PREF, 0..4294967295, 0 when unset; only iBGP sessions send it (RFC 4271
 *     §5.1.5), which the session decides, so the route keeps it whatever the peer
 * @param communities standard and large communities, aliases already resolved; sorted in MetalLB's
 *     order, without duplicates
 */
public record BgpRoute(Cidr prefix, long localPref, List<BgpCommunity> communities) {

  /** IPv4 before IPv6, then by network address as unsigned bytes, then shorter prefix first. */
  public static final Comparator<Cidr> PREFIX_ORDER =
      Comparator.<Cidr>comparingInt(c -> c.family().bits())
          .thenComparing(
              (a, b) -> Arrays.compareUnsigned(a.first().getAddress(), b.first().getAddress()))
          .thenComparingInt(Cidr::prefixLength);

  public BgpRoute {
    Objects.requireNonNull(prefix, "prefix");
    if (localPref < 0 || localPref > 0xffffffffL) {
      throw new IllegalArgumentException("localPref must be 0..4294967295, got " + localPref);
    }
    communities = sorted(communities);
  }

  private static List<BgpCommunity> sorted(Collection<BgpCommunity> communities) {
    return List.copyOf(new TreeSet<>(communities));
  }
}
