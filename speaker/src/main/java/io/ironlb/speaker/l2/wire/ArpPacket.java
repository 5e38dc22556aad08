package io.ironlb.speaker.l2.wire;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * An ARP packet for Ethernet hardware and IPv4 protocol addresses (RFC 826).
 *
 * @param operation {@link #REQUEST} or {@link #REPLY} (other values are decoded, never answered)
 * @param senderMac sender hardware address (ar$sha)
 * @param senderIp sender protocol address (ar$spa)
 * @param targetMac target hardware address (ar$tha)
 * @param targetIp target protocol address (ar$tpa)
 */
public record ArpPacket(
    int operation,
    MacAddress senderMac,
    Inet4Address senderIp,
    MacAddress targetMac,
    Inet4Address targetIp) {

  /** ares_op$REQUEST (RFC 826). */
  public static final int REQUEST = 1;

  /** ares_op$REPLY (RFC 826). */
  public static final int REPLY = 2;

  /** Validates the fields. */
  public ArpPacket {
    if (operation < 0 || operation > 0xFFFF) {
      throw new IllegalArgumentException("operation out of range: " + operation);
    }
    Objects.requireNonNull(senderMac, "senderMac");
    Objects.requireNonNull(senderIp, "senderIp");
    Objects.requireNonNull(targetMac, "targetMac");
    Objects.requireNonNull(targetIp, "targetIp");
  }
}
