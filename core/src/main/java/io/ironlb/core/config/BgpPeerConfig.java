package io.ironlb.core.config;

import io.ironlb.core.selector.LabelSelector;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validated {@code BGPPeer} v1beta2 (METALLB-API.md §1.4). Exactly one of {@code peerAsn} and
 * {@code dynamicAsn} is set, and exactly one of {@code address} and {@code iface}.
 *
 * @param name object name
 * @param myAsn local AS number, 1..4294967295
 * @param peerAsn the peer's AS number, when fixed
 * @param dynamicAsn the kind of peer AS accepted, when not fixed
 * @param localAsn AS number presented instead of {@code myAsn}, when set
 * @param address the peer's IP, for a numbered session
 * @param iface the node interface, for an unnumbered session
 * @param port the peer's TCP port (default 179)
 * @param timers hold, keepalive and connect times
 * @param sourceAddress local IP to open the session from, when set
 * @param routerId BGP identifier to send, when set (IPv4, RFC 4271 §4.2: four octets)
 * @param nodeSelectors nodes that open this session (OR-ed); empty means every node
 * @param password the TCP MD5 password (RFC 2385), inline or read from its Secret
 * @param bfdProfile the name of an existing BFD profile, when BFD is on
 * @param ebgpMultiHop eBGP to a peer more than one hop away
 * @param gracefulRestart RFC 4724 graceful restart
 * @param vrf host VRF to open the session in, when set
 * @param dualStackAddressFamily carry both IPv4 and IPv6 prefixes on the session
 * @param disableMp {@code spec.disableMP} (deprecated in MetalLB, where it has no effect): IronLB
 *     then sends no multiprotocol capability on an IPv4-only session
 */
public record BgpPeerConfig(
    String name,
    long myAsn,
    OptionalLong peerAsn,
    Optional<DynamicAsn> dynamicAsn,
    OptionalLong localAsn,
    Optional<InetAddress> address,
    Optional<String> iface,
    int port,
    Timers timers,
    Optional<InetAddress> sourceAddress,
    Optional<InetAddress> routerId,
    List<LabelSelector> nodeSelectors,
    Optional<Password> password,
    Optional<String> bfdProfile,
    boolean ebgpMultiHop,
    boolean gracefulRestart,
    Optional<String> vrf,
    boolean dualStackAddressFamily,
    boolean disableMp) {

  public BgpPeerConfig {
    Objects.requireNonNull(name, "name");
    if (peerAsn.isPresent() == dynamicAsn.isPresent()) {
      throw new IllegalArgumentException("exactly one of peerAsn and dynamicAsn");
    }
    if (address.isPresent() == iface.isPresent()) {
      throw new IllegalArgumentException("exactly one of address and iface");
    }
    Objects.requireNonNull(timers, "timers");
    nodeSelectors = List.copyOf(nodeSelectors);
  }

  /**
   * Whether the session is internal BGP: the peer is in the AS this node presents to it ({@code
   * localASN} when set, else {@code myASN}).
   */
  public boolean ibgp() {
    return dynamicAsn.map(d -> d == DynamicAsn.INTERNAL).orElse(false)
        || peerAsn.orElse(-1) == localAsn.orElse(myAsn);
  }

  /** {@code spec.dynamicASN}: which peer AS numbers are accepted when none is fixed. */
  public enum DynamicAsn {
    /** The peer's AS is {@code myAsn}. */
    INTERNAL,
    /** The peer's AS is any AS but {@code myAsn}. */
    EXTERNAL
  }

  /**
   * Session timers as MetalLB derives them: with only a hold time, keepalive = hold / 3; with only
   * a keepalive, hold = 3 x keepalive; with neither, hold 90s and keepalive 30s.
   *
   * @param holdTime proposed hold time: zero, or at least 3s in whole seconds
   * @param keepaliveTime keepalive interval, at most the hold time
   * @param connectTime time between connection attempts (1..65535 whole seconds), when set
   */
  public record Timers(Duration holdTime, Duration keepaliveTime, Optional<Duration> connectTime) {
    public Timers {
      Objects.requireNonNull(holdTime, "holdTime");
      Objects.requireNonNull(keepaliveTime, "keepaliveTime");
      Objects.requireNonNull(connectTime, "connectTime");
    }
  }

  /**
   * A TCP MD5 password. Its {@code toString} never shows the value, so a Config can be logged.
   *
   * @param value the password
   * @param secretName the basic-auth Secret it was read from; empty when set inline
   */
  public record Password(String value, Optional<String> secretName) {
    public Password {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(secretName, "secretName");
    }

    @Override
    public String toString() {
      return secretName.map(s -> "Password[from Secret " + s + "]").orElse("Password[inline]");
    }
  }
}
