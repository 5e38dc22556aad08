package io.ironlb.speaker.bgp.wire;

import io.ironlb.speaker.bgp.wire.cap.Capability;
import io.ironlb.speaker.bgp.wire.cap.FourOctetAsCapability;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OPEN (RFC 4271 §4.2) with its capabilities (RFC 5492).
 *
 * @param version BGP version; only 4 is valid on the wire
 * @param myAs the 2-byte My Autonomous System field: the AS, or AS_TRANS (23456) when the AS does
 *     not fit in 2 bytes (RFC 6793 §4.1); see {@link #autonomousSystem()} for the real AS
 * @param holdTime proposed hold time in seconds: 0 or 3..65535
 * @param bgpId BGP Identifier (router ID)
 * @param capabilities the capabilities, in the order sent
 */
public record Open(
    int version, long myAs, int holdTime, Inet4Address bgpId, List<Capability> capabilities)
    implements BgpMessage {

  /** The only version spoken (RFC 4271 §4.2). */
  public static final int VERSION = 4;

  /** RFC 6793 §9: the 2-byte stand-in for an AS that needs 4 bytes. */
  public static final long AS_TRANS = 23456;

  public Open {
    Objects.requireNonNull(bgpId, "bgpId");
    if (version < 0 || version > 255 || myAs < 0 || myAs > 0xFFFF) {
      throw new IllegalArgumentException("bad version " + version + " or My AS " + myAs);
    }
    if (holdTime < 0 || holdTime > 0xFFFF) {
      throw new IllegalArgumentException("hold time out of range: " + holdTime);
    }
    capabilities = List.copyOf(capabilities);
  }

  /**
   * A version 4 OPEN for {@code as}: My AS is AS_TRANS when {@code as} needs 4 bytes, and the
   * 4-octet AS capability is added to {@code capabilities} (RFC 6793 §3, §4.1).
   */
  public static Open of(long as, int holdTime, Inet4Address bgpId, List<Capability> capabilities) {
    List<Capability> all = new ArrayList<>(capabilities);
    if (all.stream().noneMatch(FourOctetAsCapability.class::isInstance)) {
      all.add(new FourOctetAsCapability(as));
    }
    return new Open(VERSION, as > 0xFFFF ? AS_TRANS : as, holdTime, bgpId, all);
  }

  /** The 4-octet AS capability, when sent. */
  public Optional<FourOctetAsCapability> fourOctetAs() {
    return capabilities.stream()
        .filter(FourOctetAsCapability.class::isInstance)
        .map(FourOctetAsCapability.class::cast)
        .findFirst();
  }

  /** The sender's real AS: the 4-octet AS capability when present, else My AS (RFC 6793 §4.1). */
  public long autonomousSystem() {
    return fourOctetAs().map(FourOctetAsCapability::as).orElse(myAs);
  }

  /** True if a capability equal to {@code c} was sent. */
  public boolean has(Capability c) {
    return capabilities.contains(c);
  }

  @Override
  public MessageType type() {
    return MessageType.OPEN;
  }
}
