package io.ironlb.core.config;

import io.ironlb.core.selector.LabelSelector;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validated {@code BGPPeer} (v1beta2), timers derived as MetalLB does (keepalive = hold/3 when
 * only the hold time is given, hold = 3 x keepalive when only the keepalive is).
 *
 * @param password the inline TCP MD5 password; its {@code toString} never shows the value
 * @param passwordSecret name of the basic-auth Secret holding the password, when used
 */
public record BgpPeerConfig(
    String name,
    long myAsn,
    OptionalLong peerAsn,
    Optional<String> dynamicAsn,
    Optional<InetAddress> address,
    Optional<String> iface,
    int port,
    Duration holdTime,
    Duration keepaliveTime,
    Optional<InetAddress> sourceAddress,
    Optional<InetAddress> routerId,
    List<LabelSelector> nodeSelectors,
    Optional<Sensitive> password,
    Optional<String> passwordSecret,
    Optional<String> bfdProfile,
    boolean ebgpMultiHop,
    boolean gracefulRestart) {

  public BgpPeerConfig {
    nodeSelectors = List.copyOf(nodeSelectors);
  }

  /** A secret string that never appears in logs, Events or {@code toString}. */
  public record Sensitive(String value) {
    @Override
    public String toString() {
      return "<redacted>";
    }
  }
}
