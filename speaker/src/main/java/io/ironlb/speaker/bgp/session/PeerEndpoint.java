package io.ironlb.speaker.bgp.session;

import io.ironlb.core.config.BgpPeerConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a session reaches its peer. Its {@code toString} never shows the password.
 *
 * @param name the peer in logs (MDC {@code peer}) and metrics, e.g. {@code "192.0.2.1:179"}
 * @param remote the address to dial
 * @param source the local address to dial from ({@code sourceAddress}), when set
 * @param inboundFrom the address the peer's connections come from, when it is not {@code remote}'s
 *     host (tests over {@code LocalChannel}); the listener matches inbound connections with it
 * @param password the TCP MD5 password (RFC 2385), when set
 * @param ttl IP TTL / hop limit for the session's packets: 1 for single-hop eBGP, 255 with {@code
 *     ebgpMultiHop}, 0 to leave the system default (iBGP)
 * @param connectTimeout the deadline of one dial
 * @param nextHopV4 the IPv4 next hop announced, when not the connection's local address
 * @param nextHopV6 the IPv6 next hop announced, when not the connection's local address
 */
public record PeerEndpoint(
    String name,
    SocketAddress remote,
    Optional<SocketAddress> source,
    Optional<SocketAddress> inboundFrom,
    Optional<BgpPeerConfig.Password> password,
    int ttl,
    Duration connectTimeout,
    Optional<Inet4Address> nextHopV4,
    Optional<Inet6Address> nextHopV6) {

  public PeerEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(inboundFrom, "inboundFrom");
    Objects.requireNonNull(password, "password");
    if (ttl < 0 || ttl > 255) {
      throw new IllegalArgumentException("ttl must be 0..255: " + ttl);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    Objects.requireNonNull(nextHopV4, "nextHopV4");
    Objects.requireNonNull(nextHopV6, "nextHopV6");
    if (password.isPresent() && !(remote instanceof InetSocketAddress)) {
      throw new IllegalArgumentException("TCP MD5 needs an IP peer address");
    }
  }

  /**
   * The endpoint of a numbered peer: {@code peerAddress:peerPort}, from {@code sourceAddress}, TTL
   * 255 with {@code ebgpMultiHop}, 1 for other eBGP, the default for iBGP.
   */
  public static PeerEndpoint of(BgpPeerConfig peer, FsmConfig fsm) {
    InetSocketAddress remote =
        new InetSocketAddress(
            peer.address().orElseThrow(() -> new IllegalArgumentException("unnumbered peer")),
            peer.port());
    boolean ibgp = peer.ibgp();
    int ttl = ibgp ? 0 : peer.ebgpMultiHop() ? 255 : 1;
    return new PeerEndpoint(
        remote.getAddress().getHostAddress() + ":" + peer.port(),
        remote,
        peer.sourceAddress().map(a -> new InetSocketAddress(a, 0)),
        Optional.empty(),
        peer.password(),
        ttl,
        fsm.connectRetryTime(),
        Optional.empty(),
        Optional.empty());
  }

  /** What the listener matches an inbound connection's remote address with. */
  Object acceptKey() {
    return inboundFrom.map(BgpListener::key).orElseGet(() -> BgpListener.key(remote));
  }

  @Override
  public String toString() {
    return "PeerEndpoint["
        + name
        + ", remote="
        + remote
        + ", source="
        + source
        + ", password="
        + password.map(p -> "set").orElse("none")
        + ", ttl="
        + ttl
        + "]";
  }
}
