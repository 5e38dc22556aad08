package io.ironlb.speaker.bgp.session;

import io.ironlb.core.config.BgpPeerConfig.DynamicAsn;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.Open;
import io.ironlb.speaker.bgp.wire.cap.Capability;
import io.ironlb.speaker.bgp.wire.cap.MultiprotocolCapability;
import io.ironlb.speaker.bgp.wire.cap.RouteRefreshCapability;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Configurations and OPENs shared by the session tests. */
final class Fixtures {

  static final long LOCAL_AS = 64512;
  static final long PEER_AS = 64513;
  static final Inet4Address LOCAL_ID = ipv4("10.0.0.1");
  static final Inet4Address PEER_ID = ipv4("10.0.0.2");

  private Fixtures() {}

  /** eBGP to AS 64513, hold 90 s, keepalive 30 s, IPv4 unicast. */
  static FsmConfig config() {
    return config(LOCAL_ID, Set.of(AddressFamily.IPV4_UNICAST));
  }

  static FsmConfig config(Inet4Address routerId, Set<AddressFamily> families) {
    return new FsmConfig(
        LOCAL_AS,
        OptionalLong.of(PEER_AS),
        Optional.empty(),
        routerId,
        Duration.ofSeconds(90),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofMinutes(2),
        families,
        false,
        Optional.empty());
  }

  static FsmConfig withAs(long localAs, OptionalLong peerAs, Optional<DynamicAsn> dynamic) {
    FsmConfig c = config();
    return new FsmConfig(
        localAs,
        peerAs,
        dynamic,
        c.routerId(),
        c.holdTime(),
        c.keepaliveTime(),
        c.connectRetryTime(),
        c.maxBackoff(),
        c.families(),
        false,
        Optional.empty());
  }

  /** The peer's OPEN: AS 64513, the given hold time, IPv4 unicast and route refresh. */
  static Open peerOpen(int holdTime) {
    return peerOpen(PEER_AS, holdTime, PEER_ID);
  }

  static Open peerOpen(long as, int holdTime, Inet4Address id) {
    List<Capability> caps =
        List.of(MultiprotocolCapability.IPV4_UNICAST, RouteRefreshCapability.INSTANCE);
    return Open.of(as, holdTime, id, caps);
  }

  static Inet4Address ipv4(String literal) {
    try {
      return (Inet4Address) InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
