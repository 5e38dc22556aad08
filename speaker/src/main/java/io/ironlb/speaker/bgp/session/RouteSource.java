package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import java.util.List;

/**
 * The routes a session announces to its peer. Called on the session's event loop, after
 * Established, on ROUTE-REFRESH and after {@link BgpSession#routesChanged()}; must be quick and
 * must not block (hand over an immutable snapshot).
 */
@FunctionalInterface
public interface RouteSource {

  /** The current routes of {@code family} (IPv4 or IPv6 unicast), grouped by attributes. */
  List<RouteGroup> routes(AddressFamily family);

  /** No routes. */
  RouteSource NONE = family -> List.of();
}
