package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.Prefix;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A {@link RouteSource} a test changes at will. */
final class TestRoutes implements RouteSource {

  private volatile List<RouteGroup> groups = List.of();

  void set(RouteGroup... groups) {
    this.groups = List.of(groups);
  }

  @Override
  public List<RouteGroup> routes(AddressFamily family) {
    boolean v6 = family.afi() == AddressFamily.AFI_IPV6;
    return groups.stream()
        .map(
            g ->
                new RouteGroup(
                    g.attributes(), g.prefixes().stream().filter(p -> p.isIpv6() == v6).toList()))
        .filter(g -> !g.prefixes().isEmpty())
        .toList();
  }

  Set<Prefix> all() {
    return groups.stream().flatMap(g -> g.prefixes().stream()).collect(Collectors.toSet());
  }
}
