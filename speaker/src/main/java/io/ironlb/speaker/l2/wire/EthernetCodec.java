package io.ironlb.speaker.l2.wire;

/**
 * Ethernet II framing (IEEE 802.3 clause 3.2.6, "DIX"), without preamble and FCS:
 *
 * <pre>
 * +-------------------+-------------------+------------------------+-------------+---------+
 * | destination MAC 6 |   source MAC 6    | [0x8100|0x88a8 TCI]x0..2 | EtherType 2 | payload |
 * +-------------------+-------------------+------------------------+-------------+---------+
 * </pre>
 */
public final class EthernetCodec {

  /** Destination, source and EtherType. */
  public static final int HEADER_LENGTH = 14;

  /** EtherType of ARP (RFC 826). */
  public static final int ETHERTYPE_ARP = 0x0806;

  /** EtherType of IPv6 (RFC 2464 §3). */
  public static final int ETHERTYPE_IPV6 = 0x86DD;

  static final int ETHERTYPE_VLAN = 0x8100; // IEEE 802.1Q C-tag
  static final int ETHERTYPE_QINQ = 0x88A8; // IEEE 802.1ad S-tag
  static final int MAX_VLAN_TAGS = 2;

  private EthernetCodec() {}

  /** Decodes the header of the first {@code length} bytes of {@code frame}. */
  public static EthernetHeader decode(byte[] frame, int length) throws MalformedFrameException {
    checkLength(frame, length);
    MalformedFrameException.require(length, 0, HEADER_LENGTH, "Ethernet header");
    MacAddress destination = MacAddress.read(frame, 0);
    MacAddress source = MacAddress.read(frame, 6);
    int offset = 12;
    int type = readShort(frame, offset);
    int tags = 0;
    while ((type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) && tags < MAX_VLAN_TAGS) {
      // IEEE 802.1Q: the tag is TPID(2) + TCI(2); the real EtherType follows it
      offset += 4;
      MalformedFrameException.require(length, offset, 2, "VLAN tag");
      type = readShort(frame, offset);
      tags++;
    }
    return new EthernetHeader(destination, source, type, tags, offset + 2);
  }

  /** Writes an untagged header at the start of {@code frame}. */
  public static void writeHeader(
      byte[] frame, MacAddress destination, MacAddress source, int etherType) {
    destination.write(frame, 0);
    source.write(frame, 6);
    frame[12] = (byte) (etherType >>> 8);
    frame[13] = (byte) etherType;
  }

  static void checkLength(byte[] frame, int length) {
    if (length < 0 || length > frame.length) {
      throw new IllegalArgumentException(
          "length " + length + " outside the array of " + frame.length);
    }
  }

  static int readShort(byte[] buf, int offset) {
    return ((buf[offset] & 0xFF) << 8) | (buf[offset + 1] & 0xFF);
  }
}
