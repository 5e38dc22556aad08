package io.ironlb.speaker.l2.wire;

import java.net.Inet6Address;
import java.util.Objects;

/**
 * The fixed IPv6 header (RFC 8200 §3) of a frame, with where its payload lies in that frame.
 *
 * @param source source address
 * @param destination destination address
 * @param nextHeader the Next Header field (58 = ICMPv6)
 * @param hopLimit the Hop Limit field
 * @param payloadOffset where the payload starts in the frame
 * @param payloadLength the Payload Length field (checked to fit in the frame)
 */
public record Ipv6Header(
    Inet6Address source,
    Inet6Address destination,
    int nextHeader,
    int hopLimit,
    int payloadOffset,
    int payloadLength) {

  /** Validates the fields. */
  public Ipv6Header {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    if (nextHeader < 0 || nextHeader > 0xFF || hopLimit < 0 || hopLimit > 0xFF) {
      throw new IllegalArgumentException("nextHeader/hopLimit out of range");
    }
    if (payloadOffset < 0 || payloadLength < 0 || payloadLength > 0xFFFF) {
      throw new IllegalArgumentException("payload out of range");
    }
  }
}
