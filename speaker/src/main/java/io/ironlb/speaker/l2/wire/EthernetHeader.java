package io.ironlb.speaker.l2.wire;

import java.util.Objects;

/**
 * A decoded Ethernet II header.
 *
 * @param destination the destination MAC
 * @param source the source MAC
 * @param etherType the EtherType after any VLAN tags (values below 0x0600 are 802.3 lengths)
 * @param vlanTags how many 802.1Q / 802.1ad tags were skipped (0..2)
 * @param payloadOffset where the payload starts in the frame
 */
public record EthernetHeader(
    MacAddress destination, MacAddress source, int etherType, int vlanTags, int payloadOffset) {

  /** Validates the fields. */
  public EthernetHeader {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(source, "source");
    if (etherType < 0 || etherType > 0xFFFF) {
      throw new IllegalArgumentException("etherType out of range: " + etherType);
    }
    if (vlanTags < 0 || vlanTags > EthernetCodec.MAX_VLAN_TAGS) {
      throw new IllegalArgumentException("vlanTags out of range: " + vlanTags);
    }
    if (payloadOffset != EthernetCodec.HEADER_LENGTH + 4 * vlanTags) {
      throw new IllegalArgumentException("payloadOffset inconsistent with tags: " + payloadOffset);
    }
  }
}
