package io.ironlb.speaker.l2.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * ARP over Ethernet for IPv4 (RFC 826), 28 bytes after the Ethernet header:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |      hrd = 1 (Ethernet)       |      pro = 0x0800 (IPv4)      |
 * +---------------+---------------+-------------------------------+
 * |    hln = 6    |    pln = 4    |   op (1 request, 2 reply)     |
 * +---------------+---------------+-------------------------------+
 * |  sha: sender hardware address (6) | spa: sender IPv4 (4)      |
 * |  tha: target hardware address (6) | tpa: target IPv4 (4)      |
 * +-----------------------------------+---------------------------+
 * </pre>
 *
 * Trailing bytes (Ethernet padding to 60 bytes) are ignored.
 */
public final class ArpCodec {

  /** Length of the ARP payload for Ethernet/IPv4. */
  public static final int PAYLOAD_LENGTH = 28;

  /** An unpadded ARP frame: Ethernet header and payload. */
  public static final int FRAME_LENGTH = EthernetCodec.HEADER_LENGTH + PAYLOAD_LENGTH;

  private static final int HARDWARE_ETHERNET = 1; // ares_hrd$Ethernet (RFC 826)
  private static final int PROTOCOL_IPV4 = 0x0800;

  private ArpCodec() {}

  /** Decodes the ARP payload of a frame whose Ethernet header is {@code eth}. */
  public static ArpPacket decode(byte[] frame, int length, EthernetHeader eth)
      throws MalformedFrameException {
    EthernetCodec.checkLength(frame, length);
    if (eth.etherType() != EthernetCodec.ETHERTYPE_ARP) {
      throw new MalformedFrameException("not ARP: EtherType " + eth.etherType());
    }
    int p = eth.payloadOffset();
    MalformedFrameException.require(length, p, PAYLOAD_LENGTH, "ARP payload");
    int hardware = EthernetCodec.readShort(frame, p);
    int protocol = EthernetCodec.readShort(frame, p + 2);
    if (hardware != HARDWARE_ETHERNET
        || protocol != PROTOCOL_IPV4
        || frame[p + 4] != MacAddress.LENGTH
        || frame[p + 5] != 4) {
      throw new MalformedFrameException(
          "ARP is not Ethernet/IPv4: hrd " + hardware + ", pro " + protocol);
    }
    return new ArpPacket(
        EthernetCodec.readShort(frame, p + 6),
        MacAddress.read(frame, p + 8),
        ipv4(frame, p + 14),
        MacAddress.read(frame, p + 18),
        ipv4(frame, p + 24));
  }

  /** An unpadded Ethernet frame carrying {@code arp}. */
  public static byte[] encode(MacAddress ethDestination, MacAddress ethSource, ArpPacket arp) {
    byte[] frame = new byte[FRAME_LENGTH];
    EthernetCodec.writeHeader(frame, ethDestination, ethSource, EthernetCodec.ETHERTYPE_ARP);
    int p = EthernetCodec.HEADER_LENGTH;
    frame[p + 1] = HARDWARE_ETHERNET;
    frame[p + 2] = (byte) (PROTOCOL_IPV4 >>> 8);
    frame[p + 4] = MacAddress.LENGTH;
    frame[p + 5] = 4;
    frame[p + 6] = (byte) (arp.operation() >>> 8);
    frame[p + 7] = (byte) arp.operation();
    arp.senderMac().write(frame, p + 8);
    System.arraycopy(arp.senderIp().getAddress(), 0, frame, p + 14, 4);
    arp.targetMac().write(frame, p + 18);
    System.arraycopy(arp.targetIp().getAddress(), 0, frame, p + 24, 4);
    return frame;
  }

  private static Inet4Address ipv4(byte[] frame, int offset) {
    byte[] raw = new byte[4];
    System.arraycopy(frame, offset, raw, 0, 4);
    try {
      return (Inet4Address) InetAddress.getByAddress(raw); // no lookup: a literal address
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an IPv4 address", e);
    }
  }
}
