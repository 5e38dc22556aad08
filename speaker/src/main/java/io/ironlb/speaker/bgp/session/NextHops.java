package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.netty.channel.Channel;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The next hops announced on a connection: the configured ones, else the connection's own local
 * address for its family (as MetalLB's native speaker, METALLB-API.md §5.2). A family without a
 * next hop is not announced (e.g. IPv6 routes over an IPv4 session without an IPv6 next hop).
 */
final class NextHops {

  private NextHops() {}

  static UpdateFactory factory(BgpFsm fsm, PeerEndpoint endpoint, Channel ch, Negotiated terms) {
    Optional<Inet4Address> v4 = endpoint.nextHopV4().or(() -> local(ch, Inet4Address.class));
    Optional<Inet6Address> v6 = endpoint.nextHopV6().or(() -> local(ch, Inet6Address.class));
    return new UpdateFactory(fsm.config().localAs(), terms, v4, v6);
  }

  static List<AddressFamily> ordered(Set<AddressFamily> families) {
    return families.stream().sorted(Comparator.comparingInt(AddressFamily::afi)).toList();
  }

  private static <T> Optional<T> local(Channel ch, Class<T> type) {
    return ch.localAddress() instanceof InetSocketAddress a && type.isInstance(a.getAddress())
        ? Optional.of(type.cast(a.getAddress()))
        : Optional.empty();
  }
}
