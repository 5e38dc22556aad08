package io.ironlb.speaker.bgp.session;

import io.ironlb.core.config.BgpPeerConfig.DynamicAsn;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Open;
import io.ironlb.speaker.bgp.wire.cap.Capabilities;
import io.ironlb.speaker.bgp.wire.cap.Capability;
import io.ironlb.speaker.bgp.wire.cap.FourOctetAsCapability;
import io.ironlb.speaker.bgp.wire.cap.GracefulRestartCapability;
import io.ironlb.speaker.bgp.wire.cap.MultiprotocolCapability;
import io.ironlb.speaker.bgp.wire.cap.RouteRefreshCapability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Our OPEN, and the checks the codec cannot make on the peer's (RFC 4271 §6.2: it has no
 * configuration): the peer's AS, its BGP identifier against ours, the hold time, the capabilities
 * we require. Then the negotiation of hold and keepalive times (RFC 4271 §4.2, §10).
 */
final class OpenPolicy {

  private final FsmConfig config;

  OpenPolicy(FsmConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Our OPEN: multiprotocol per family, route refresh, graceful restart when on, 4-octet AS. */
  Open ourOpen() {
    List<Capability> caps = new ArrayList<>();
    if (!config.disableMp()) {
      config
          .orderedFamilies()
          .forEach(f -> caps.add(new MultiprotocolCapability(f.afi(), f.safi())));
    }
    caps.add(RouteRefreshCapability.INSTANCE); // RFC 2918 §2: we answer ROUTE-REFRESH
    config.gracefulRestartTime().ifPresent(t -> caps.add(gracefulRestart(t)));
    caps.add(new FourOctetAsCapability(config.localAs())); // RFC 6793 §3
    return Open.of(config.localAs(), (int) config.holdTime().toSeconds(), config.routerId(), caps);
  }

  /**
   * RFC 4724 §3: restart time in whole seconds (at most 4095); the F bit is set for each family
   * because the nodes keep forwarding Service traffic while the speaker restarts. The R bit stays
   * clear: a restarted speaker still sends End-of-RIB, so the peer never waits on us.
   */
  private GracefulRestartCapability gracefulRestart(Duration restartTime) {
    int seconds = (int) Math.min(restartTime.toSeconds(), 0xFFF);
    List<GracefulRestartCapability.Family> families =
        config.orderedFamilies().stream()
            .map(f -> new GracefulRestartCapability.Family(f.afi(), f.safi(), true))
            .toList();
    return new GracefulRestartCapability(false, seconds, families);
  }

  /** Validates the peer's OPEN; throws the error to send as a NOTIFICATION. */
  Negotiated accept(Open open) {
    long peerAs = open.autonomousSystem();
    checkVersion(open);
    checkPeerAs(open, peerAs);
    checkIdentifier(open);
    checkHoldTime(open);
    checkCapabilities(open);
    Duration hold = Duration.ofSeconds(Math.min(config.holdTime().toSeconds(), open.holdTime()));
    return new Negotiated(
        peerAs,
        open.bgpId(),
        hold,
        keepalive(hold),
        open.fourOctetAs().isPresent(),
        config.families(),
        config.internal(peerAs),
        open.capabilities().stream().anyMatch(GracefulRestartCapability.class::isInstance));
  }

  /** RFC 4271 §6.2: (2,1), data = the largest version we support (the codec checks it too). */
  private static void checkVersion(Open open) {
    if (open.version() != Open.VERSION) {
      throw new BgpCodecException(
          BgpError.UNSUPPORTED_VERSION_NUMBER, new byte[] {0, 4}, "version " + open.version());
    }
  }

  /**
   * RFC 4271 §6.2 Bad Peer AS (2,2): the peer's real AS (RFC 6793 §4.1: the 4-octet capability when
   * sent; AS_TRANS without it is rejected by the codec) against the configured one, or the dynamic
   * kind (internal = our AS, external = any other).
   */
  private void checkPeerAs(Open open, long peerAs) {
    boolean ok =
        config.peerAs().isPresent()
            ? config.peerAs().getAsLong() == peerAs
            : config.dynamicAsn().get() == DynamicAsn.INTERNAL
                ? config.internal(peerAs)
                : !config.internal(peerAs);
    if (!ok || peerAs == 0 || (open.fourOctetAs().isEmpty() && open.myAs() == Open.AS_TRANS)) {
      throw new BgpCodecException(BgpError.BAD_PEER_AS, "peer AS " + peerAs + " not accepted");
    }
  }

  /** RFC 4271 §6.2 Bad BGP Identifier (2,3): zero (RFC 6286 §2.2), or ours. */
  private void checkIdentifier(Open open) {
    byte[] id = open.bgpId().getAddress();
    if (Arrays.equals(id, new byte[4]) || open.bgpId().equals(config.routerId())) {
      throw new BgpCodecException(
          BgpError.BAD_BGP_IDENTIFIER, "BGP identifier " + open.bgpId().getHostAddress());
    }
  }

  /** RFC 4271 §6.2: a hold time of 1 or 2 s is Unacceptable Hold Time (2,6). */
  private static void checkHoldTime(Open open) {
    if (open.holdTime() == 1 || open.holdTime() == 2) {
      throw new BgpCodecException(
          BgpError.UNACCEPTABLE_HOLD_TIME, "hold time " + open.holdTime() + " s");
    }
  }

  /**
   * RFC 5492 §5 Unsupported Capability (2,7), data = the missing capabilities: multiprotocol for
   * each family we announce (RFC 4760 §8), and 4-octet AS when our AS needs it (RFC 6793 §4.2:
   * AS_PATH would otherwise need AS4_PATH, which IronLB does not generate).
   */
  private void checkCapabilities(Open open) {
    List<Capability> required = new ArrayList<>();
    if (!config.disableMp()) {
      for (AddressFamily f : config.orderedFamilies()) {
        required.add(new MultiprotocolCapability(f.afi(), f.safi()));
      }
    }
    if (config.localAs() > 0xFFFF && open.fourOctetAs().isEmpty()) {
      required.add(new FourOctetAsCapability(config.localAs()));
    }
    Capabilities.requireAll(open.capabilities(), required);
  }

  /**
   * RFC 4271 §10: one third of the hold time is suggested. Our configured keepalive applies when
   * the peer accepted our hold time; when it proposed less, the keepalive shrinks with it so three
   * of ours still fit in one hold time.
   */
  private Duration keepalive(Duration hold) {
    if (hold.isZero()) {
      return Duration.ZERO; // RFC 4271 §4.4: no KEEPALIVEs with a zero hold time
    }
    Duration third = hold.dividedBy(3);
    Duration configured = config.keepaliveTime();
    if (configured.isZero()) {
      return third;
    }
    if (hold.toSeconds() < config.holdTime().toSeconds() && configured.compareTo(third) > 0) {
      return third;
    }
    return configured;
  }
}
