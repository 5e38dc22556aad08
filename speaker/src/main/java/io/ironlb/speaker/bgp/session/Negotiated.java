package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the OPEN exchange settled for one connection (RFC 4271 §4.2, §10).
 *
 * @param peerAs the peer's real AS (4-octet capability when present, RFC 6793 §4.1)
 * @param peerId the peer's BGP identifier
 * @param holdTime min(ours, theirs); zero means no Hold and no Keepalive timer
 * @param keepaliveTime interval between our KEEPALIVEs; zero when the hold time is zero
 * @param fourOctetAs both sides sent the 4-octet AS capability (RFC 6793 §3)
 * @param families the families carried on the session
 * @param internal iBGP: the peer is in our AS
 * @param peerGracefulRestart the peer sent the graceful restart capability (RFC 4724 §3)
 */
public record Negotiated(
    long peerAs,
    Inet4Address peerId,
    Duration holdTime,
    Duration keepaliveTime,
    boolean fourOctetAs,
    Set<AddressFamily> families,
    boolean internal,
    boolean peerGracefulRestart) {

  public Negotiated {
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(holdTime, "holdTime");
    Objects.requireNonNull(keepaliveTime, "keepaliveTime");
    families = Set.copyOf(families);
    if (holdTime.isZero() != keepaliveTime.isZero()) {
      throw new IllegalArgumentException("hold and keepalive are zero together");
    }
  }
}
