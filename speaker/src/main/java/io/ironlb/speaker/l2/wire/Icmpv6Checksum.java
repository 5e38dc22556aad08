package io.ironlb.speaker.l2.wire;

/**
 * The ICMPv6 checksum (RFC 4443 §2.3): the 16-bit one's complement of the one's complement sum of
 * the IPv6 pseudo-header (RFC 8200 §8.1: source, destination, upper-layer length, zero, next header
 * 58) and the ICMPv6 message.
 */
final class Icmpv6Checksum {

  static final int NEXT_HEADER_ICMPV6 = 58;

  private Icmpv6Checksum() {}

  /**
   * The folded sum over the pseudo-header of the IPv6 header at {@code ipOffset} and {@code
   * icmpLength} bytes of ICMPv6 at {@code icmpOffset}; 0xFFFF when a stored checksum is valid.
   */
  static int sum(byte[] frame, int ipOffset, int icmpOffset, int icmpLength) {
    long sum = sumWords(frame, ipOffset + 8, 32); // source and destination addresses
    sum += icmpLength + NEXT_HEADER_ICMPV6;
    sum += sumWords(frame, icmpOffset, icmpLength);
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (int) sum;
  }

  /** Computes and stores the checksum (at ICMPv6 offset 2) of a message whose field is zero. */
  static void fill(byte[] frame, int ipOffset, int icmpOffset, int icmpLength) {
    int checksum = ~sum(frame, ipOffset, icmpOffset, icmpLength) & 0xFFFF;
    frame[icmpOffset + 2] = (byte) (checksum >>> 8);
    frame[icmpOffset + 3] = (byte) checksum;
  }

  private static long sumWords(byte[] buf, int offset, int length) {
    long sum = 0;
    int end = offset + length;
    int i = offset;
    for (; i + 1 < end; i += 2) {
      sum += ((buf[i] & 0xFF) << 8) | (buf[i + 1] & 0xFF);
    }
    if (i < end) {
      sum += (buf[i] & 0xFF) << 8; // odd length: pad with a zero octet
    }
    return sum;
  }
}
