package io.ironlb.speaker.bgp.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Socket options of a session's connections, on the epoll transport only: TCP MD5 (RFC 2385, Linux
 * {@code TCP_MD5SIG}) and the IP TTL / IPv6 hop limit. Other transports cannot set them, so a
 * session with a password refuses to start there rather than talk without MD5; the TTL is then left
 * at the system default.
 */
final class TransportOptions {

  /** Linux {@code IPPROTO_IP} / {@code IP_TTL}. */
  static final IntegerUnixChannelOption IP_TTL = new IntegerUnixChannelOption("IP_TTL", 0, 2);

  /** Linux {@code IPPROTO_IPV6} / {@code IPV6_UNICAST_HOPS}. */
  static final IntegerUnixChannelOption IPV6_UNICAST_HOPS =
      new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", 41, 16);

  private TransportOptions() {}

  static boolean epoll(Class<? extends Channel> type) {
    return EpollSocketChannel.class.isAssignableFrom(type)
        || EpollServerSocketChannel.class.isAssignableFrom(type);
  }

  /** Why the session cannot run on {@code type}, if it cannot. */
  static Optional<String> problem(PeerEndpoint endpoint, Class<? extends Channel> type) {
    if (endpoint.password().isPresent() && !epoll(type)) {
      return Optional.of(
          "TCP MD5 password set but the transport is "
              + type.getSimpleName()
              + ", not epoll: refusing to connect without MD5");
    }
    return Optional.empty();
  }

  /** Options of the dial: MD5 key for the peer, TTL. */
  static void apply(Bootstrap b, PeerEndpoint endpoint, Class<? extends Channel> type) {
    b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) endpoint.connectTimeout().toMillis());
    if (!epoll(type)) {
      return;
    }
    endpoint.password().ifPresent(p -> b.option(EpollChannelOption.TCP_MD5SIG, md5Keys(endpoint)));
    if (endpoint.ttl() > 0) {
      b.option(ttlOption(endpoint), endpoint.ttl());
    }
  }

  /** The TTL of an accepted connection (its MD5 key sits on the listening socket). */
  static void applyAccepted(Channel ch, PeerEndpoint endpoint) {
    if (epoll(ch.getClass()) && endpoint.ttl() > 0) {
      ch.config().setOption(ttlOption(endpoint), endpoint.ttl());
    }
  }

  /** The peer's address with its key, for {@code TCP_MD5SIG}; the password is never logged. */
  static Map<InetAddress, byte[]> md5Keys(PeerEndpoint endpoint) {
    InetAddress peer = ((InetSocketAddress) endpoint.remote()).getAddress();
    return Map.of(
        peer, endpoint.password().orElseThrow().value().getBytes(StandardCharsets.US_ASCII));
  }

  private static IntegerUnixChannelOption ttlOption(PeerEndpoint endpoint) {
    return endpoint.remote() instanceof InetSocketAddress a
            && a.getAddress() instanceof Inet6Address
        ? IPV6_UNICAST_HOPS
        : IP_TTL;
  }
}
