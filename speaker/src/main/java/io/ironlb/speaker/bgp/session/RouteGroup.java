package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.Prefix;
import java.util.List;
import java.util.Objects;

/**
 * Prefixes that share one attribute set: they go out in as few UPDATEs as fit.
 *
 * @param attributes what they share
 * @param prefixes the prefixes, all of one family
 */
public record RouteGroup(RouteAttributes attributes, List<Prefix> prefixes) {

  public RouteGroup {
    Objects.requireNonNull(attributes, "attributes");
    prefixes = List.copyOf(prefixes);
    if (prefixes.stream().map(Prefix::isIpv6).distinct().count() > 1) {
      throw new IllegalArgumentException("a group holds one family: " + prefixes);
    }
  }
}
