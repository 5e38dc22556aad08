package io.ironlb.speaker.bgp.bfd;

/** Single hop (RFC 5881) or multihop (RFC 5883) BFD, with the UDP port each listens on. */
public enum BfdHopMode {
  /** RFC 5881 §4: destination port 3784; TTL / hop limit 255 sent and required on receipt. */
  SINGLE_HOP(3784),
  /** RFC 5883 §5: destination port 4784; received TTL checked against the minimum TTL. */
  MULTI_HOP(4784);

  private final int port;

  BfdHopMode(int port) {
    this.port = port;
  }

  /** The well-known destination port. */
  public int port() {
    return port;
  }
}
