package io.ironlb.speaker.bgp.session;

import io.ironlb.core.config.BgpPeerConfig;
import io.ironlb.core.config.BgpPeerConfig.DynamicAsn;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the FSM needs of a peer's configuration.
 *
 * @param localAs the AS we present (BGPPeer {@code localASN}, else {@code myASN})
 * @param peerAs the peer's AS, when fixed
 * @param dynamicAsn the kind of peer AS accepted, when not fixed
 * @param routerId our BGP identifier (RFC 4271 §4.2), non-zero
 * @param holdTime the hold time we propose: zero or at least 3 s (whole seconds are sent)
 * @param keepaliveTime the keepalive interval when the peer accepts our hold time
 * @param connectRetryTime the deadline of one dial (RFC 4271 §8.1.3 ConnectRetryTime)
 * @param maxBackoff the longest wait between two attempts (the reconnect backoff's cap)
 * @param families the families we announce, in order (IPv4 first)
 * @param disableMp send no multiprotocol capability and require none (IPv4 unicast only)
 * @param gracefulRestartTime the restart time we advertise (RFC 4724 §3), when graceful restart is
 *     on
 */
public record FsmConfig(
    long localAs,
    OptionalLong peerAs,
    Optional<DynamicAsn> dynamicAsn,
    Inet4Address routerId,
    Duration holdTime,
    Duration keepaliveTime,
    Duration connectRetryTime,
    Duration maxBackoff,
    Set<AddressFamily> families,
    boolean disableMp,
    Optional<Duration> gracefulRestartTime) {

  /** MetalLB native's dial deadline. */
  public static final Duration DEFAULT_CONNECT_RETRY = Duration.ofSeconds(10);

  /** MetalLB native's backoff cap (METALLB-API.md §5.2). */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(2);

  /** FRR's default restart time (METALLB-API.md §9). */
  public static final Duration DEFAULT_RESTART_TIME = Duration.ofSeconds(120);

  public FsmConfig {
    requireAs(localAs, "localAs");
    peerAs.ifPresent(as -> requireAs(as, "peerAs"));
    if (peerAs.isPresent() == dynamicAsn.isPresent()) {
      throw new IllegalArgumentException("exactly one of peerAs and dynamicAsn");
    }
    if (Objects.requireNonNull(routerId, "routerId").isAnyLocalAddress()) {
      throw new IllegalArgumentException("the BGP identifier must not be 0.0.0.0 (RFC 6286)");
    }
    long hold = holdTime.toSeconds();
    if (hold != 0 && hold < 3 || hold > 0xFFFF) {
      throw new IllegalArgumentException("hold time must be 0 or 3..65535 s: " + holdTime);
    }
    requirePositive(connectRetryTime, "connectRetryTime");
    requirePositive(maxBackoff, "maxBackoff");
    Objects.requireNonNull(keepaliveTime, "keepaliveTime");
    families = Set.copyOf(new LinkedHashSet<>(families));
    if (families.isEmpty() || !families.stream().allMatch(AddressFamily::isSupported)) {
      throw new IllegalArgumentException("families must be IPv4/IPv6 unicast: " + families);
    }
    if (disableMp && !families.equals(Set.of(AddressFamily.IPV4_UNICAST))) {
      throw new IllegalArgumentException("without multiprotocol only IPv4 unicast is carried");
    }
    Objects.requireNonNull(gracefulRestartTime, "gracefulRestartTime");
  }

  /**
   * The FSM configuration of a validated peer. The backoff cap is the peer's {@code connectTime}
   * when set (the time between two attempts never exceeds it), else 2 min; one dial gets {@code
   * connectTime} or 10 s, whichever is shorter. {@code disableMP} applies to IPv4-only sessions
   * (IPv6 prefixes need the multiprotocol extension) and is ignored otherwise.
   *
   * @param nodeRouterId the BGP identifier when the peer sets no {@code routerID}
   */
  public static FsmConfig of(BgpPeerConfig peer, Inet4Address nodeRouterId) {
    Optional<Duration> connect = peer.timers().connectTime();
    Inet4Address routerId =
        peer.routerId()
            .filter(Inet4Address.class::isInstance)
            .map(Inet4Address.class::cast)
            .orElse(nodeRouterId);
    return new FsmConfig(
        peer.localAsn().orElse(peer.myAsn()),
        peer.peerAsn(),
        peer.dynamicAsn(),
        routerId,
        peer.timers().holdTime(),
        peer.timers().keepaliveTime(),
        connect.filter(c -> c.compareTo(DEFAULT_CONNECT_RETRY) < 0).orElse(DEFAULT_CONNECT_RETRY),
        connect.orElse(DEFAULT_MAX_BACKOFF),
        families(peer),
        peer.disableMp() && families(peer).equals(Set.of(AddressFamily.IPV4_UNICAST)),
        peer.gracefulRestart() ? Optional.of(DEFAULT_RESTART_TIME) : Optional.empty());
  }

  /**
   * The families a peer carries (METALLB-API.md §1.4 {@code dualStackAddressFamily}): both with
   * dual stack or an unnumbered (interface) session, else the family of the peer's address.
   */
  static Set<AddressFamily> families(BgpPeerConfig peer) {
    if (peer.dualStackAddressFamily() || peer.address().isEmpty()) {
      return Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
    }
    InetAddress a = peer.address().get();
    return Set.of(
        a instanceof Inet6Address ? AddressFamily.IPV6_UNICAST : AddressFamily.IPV4_UNICAST);
  }

  /** The families in wire order: IPv4 before IPv6. */
  List<AddressFamily> orderedFamilies() {
    return families.stream().sorted(Comparator.comparingInt(AddressFamily::afi)).toList();
  }

  /** Whether {@code as}, the peer's AS from its OPEN, is iBGP. */
  boolean internal(long as) {
    return as == localAs;
  }

  private static void requireAs(long as, String what) {
    if (as < 1 || as > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + " must be 1..4294967295: " + as);
    }
  }

  private static void requirePositive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
