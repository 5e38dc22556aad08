package io.ironlb.speaker.bgp.wire;

/**
 * An (AFI, SAFI) pair (RFC 4760 §3, IANA registries). IronLB speaks IPv4 and IPv6 unicast only.
 *
 * @param afi Address Family Identifier (2 bytes on the wire)
 * @param safi Subsequent Address Family Identifier (1 byte)
 */
public record AddressFamily(int afi, int safi) {

  public static final int AFI_IPV4 = 1;
  public static final int AFI_IPV6 = 2;
  public static final int SAFI_UNICAST = 1;

  public static final AddressFamily IPV4_UNICAST = new AddressFamily(AFI_IPV4, SAFI_UNICAST);
  public static final AddressFamily IPV6_UNICAST = new AddressFamily(AFI_IPV6, SAFI_UNICAST);

  public AddressFamily {
    if (afi < 0 || afi > 0xFFFF || safi < 0 || safi > 0xFF) {
      throw new IllegalArgumentException("AFI/SAFI out of range: " + afi + "/" + safi);
    }
  }

  /** IPv4 or IPv6 unicast: the families whose NLRI this codec parses. */
  public boolean isSupported() {
    return equals(IPV4_UNICAST) || equals(IPV6_UNICAST);
  }

  /** Bits in an address of this family (32 or 128). */
  public int addressBits() {
    return afi == AFI_IPV6 ? 128 : 32;
  }

  @Override
  public String toString() {
    return afi + "/" + safi;
  }
}
