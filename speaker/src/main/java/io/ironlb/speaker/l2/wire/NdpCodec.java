package io.ironlb.speaker.l2.wire;

import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IPv6 + ICMPv6 Neighbor Solicitation / Advertisement frames (RFC 4861 §4.3, §4.4):
 *
 * <pre>
 * Ethernet | IPv6 header (40) | type | code | checksum | flags/reserved (4) | target (16) | options
 *                             |  1   |  1   |    2     |        4           |     16      | 8*n ...
 * option: | type (1) | length in units of 8 octets (1) | value ... |
 * </pre>
 *
 * Encoded frames carry no extension headers and at most the one link-layer address option.
 */
public final class NdpCodec {

  /** Length of the fixed IPv6 header (RFC 8200 §3). */
  public static final int IPV6_HEADER_LENGTH = 40;

  /** ICMPv6 Next Header value. */
  public static final int NEXT_HEADER_ICMPV6 = Icmpv6Checksum.NEXT_HEADER_ICMPV6;

  /** Hop limit of every ND message, checked on receipt (RFC 4861 §7.1.1, §7.1.2). */
  public static final int ND_HOP_LIMIT = 255;

  static final int MESSAGE_LENGTH = 24; // type, code, checksum, flags, target
  static final int OPTION_SOURCE_LINK_LAYER = 1; // RFC 4861 §4.6.1
  static final int OPTION_TARGET_LINK_LAYER = 2;
  private static final int LINK_LAYER_OPTION_LENGTH = 8;

  private NdpCodec() {}

  /** Decodes the fixed IPv6 header of a frame whose Ethernet header is {@code eth}. */
  public static Ipv6Header decodeIpv6(byte[] frame, int length, EthernetHeader eth)
      throws MalformedFrameException {
    EthernetCodec.checkLength(frame, length);
    if (eth.etherType() != EthernetCodec.ETHERTYPE_IPV6) {
      throw new MalformedFrameException("not IPv6: EtherType " + eth.etherType());
    }
    int p = eth.payloadOffset();
    MalformedFrameException.require(length, p, IPV6_HEADER_LENGTH, "IPv6 header");
    if ((frame[p] & 0xF0) != 0x60) {
      throw new MalformedFrameException("IPv6 version is not 6");
    }
    int payloadLength = EthernetCodec.readShort(frame, p + 4);
    // RFC 8200 §3: Payload Length; bytes after it are Ethernet padding and ignored
    MalformedFrameException.require(length, p + IPV6_HEADER_LENGTH, payloadLength, "IPv6 payload");
    return new Ipv6Header(
        ipv6(frame, p + 8),
        ipv6(frame, p + 24),
        frame[p + 6] & 0xFF,
        frame[p + 7] & 0xFF,
        p + IPV6_HEADER_LENGTH,
        payloadLength);
  }

  /** The ICMPv6 type of an ICMPv6 packet ({@code ip.nextHeader()} must be 58). */
  public static int icmpv6Type(byte[] frame, Ipv6Header ip) throws MalformedFrameException {
    if (ip.nextHeader() != NEXT_HEADER_ICMPV6 || ip.payloadLength() < 4) {
      throw new MalformedFrameException("not an ICMPv6 message");
    }
    return frame[ip.payloadOffset()] & 0xFF;
  }

  /**
   * Decodes a Neighbor Solicitation or Advertisement after checking what RFC 4861 §7.1.1/§7.1.2
   * makes a receiver check structurally: ICMPv6 checksum, code 0, length at least 24 octets and
   * every option with a non-zero length that fits. Hop limit is the caller's to check.
   */
  public static NdpMessage decode(byte[] frame, Ipv6Header ip) throws MalformedFrameException {
    int type = icmpv6Type(frame, ip);
    int m = ip.payloadOffset();
    int icmpLength = ip.payloadLength();
    if (type != NdpMessage.TYPE_NEIGHBOR_SOLICITATION
        && type != NdpMessage.TYPE_NEIGHBOR_ADVERTISEMENT) {
      throw new MalformedFrameException("ICMPv6 type " + type + " is not NS/NA");
    }
    if (icmpLength < MESSAGE_LENGTH || frame[m + 1] != 0) {
      throw new MalformedFrameException("ND message shorter than 24 octets or code not 0");
    }
    if (Icmpv6Checksum.sum(frame, m - IPV6_HEADER_LENGTH, m, icmpLength) != 0xFFFF) {
      throw new MalformedFrameException("ICMPv6 checksum mismatch"); // RFC 4443 §2.3
    }
    Inet6Address target = ipv6(frame, m + 8);
    if (type == NdpMessage.TYPE_NEIGHBOR_SOLICITATION) {
      return new NeighborSolicitation(
          target, linkLayerOption(frame, m, icmpLength, OPTION_SOURCE_LINK_LAYER));
    }
    int flags = frame[m + 4] & 0xFF; // RFC 4861 §4.4: R S O
    return new NeighborAdvertisement(
        (flags & 0x80) != 0,
        (flags & 0x40) != 0,
        (flags & 0x20) != 0,
        target,
        linkLayerOption(frame, m, icmpLength, OPTION_TARGET_LINK_LAYER));
  }

  /**
   * An unpadded Ethernet frame carrying {@code message} from {@code source} to {@code destination},
   * with its checksum filled in.
   */
  public static byte[] encode(
      MacAddress ethDestination,
      MacAddress ethSource,
      Inet6Address source,
      Inet6Address destination,
      int hopLimit,
      NdpMessage message) {
    Optional<MacAddress> option = linkLayerOption(message);
    int icmpLength = MESSAGE_LENGTH + (option.isPresent() ? LINK_LAYER_OPTION_LENGTH : 0);
    int ip = EthernetCodec.HEADER_LENGTH;
    int m = ip + IPV6_HEADER_LENGTH;
    byte[] frame = new byte[m + icmpLength];
    EthernetCodec.writeHeader(frame, ethDestination, ethSource, EthernetCodec.ETHERTYPE_IPV6);
    frame[ip] = 0x60; // version 6, traffic class 0, flow label 0
    frame[ip + 4] = (byte) (icmpLength >>> 8);
    frame[ip + 5] = (byte) icmpLength;
    frame[ip + 6] = (byte) NEXT_HEADER_ICMPV6;
    frame[ip + 7] = (byte) hopLimit;
    System.arraycopy(source.getAddress(), 0, frame, ip + 8, 16);
    System.arraycopy(destination.getAddress(), 0, frame, ip + 24, 16);
    frame[m] = (byte) message.type();
    frame[m + 4] = (byte) flags(message);
    System.arraycopy(message.target().getAddress(), 0, frame, m + 8, 16);
    if (option.isPresent()) {
      frame[m + MESSAGE_LENGTH] = (byte) optionType(message);
      frame[m + MESSAGE_LENGTH + 1] = 1; // one unit of 8 octets (RFC 2464 §6)
      option.get().write(frame, m + MESSAGE_LENGTH + 2);
    }
    Icmpv6Checksum.fill(frame, ip, m, icmpLength);
    return frame;
  }

  private static Optional<MacAddress> linkLayerOption(
      byte[] frame, int m, int icmpLength, int wanted) throws MalformedFrameException {
    Optional<MacAddress> found = Optional.empty();
    int offset = MESSAGE_LENGTH;
    while (offset < icmpLength) { // each pass advances by at least 8: bounded by the length
      MalformedFrameException.require(icmpLength, offset, 2, "ND option header");
      int type = frame[m + offset] & 0xFF;
      int octets = (frame[m + offset + 1] & 0xFF) * 8;
      if (octets == 0) {
        throw new MalformedFrameException("ND option with length 0"); // RFC 4861 §4.6
      }
      MalformedFrameException.require(icmpLength, offset, octets, "ND option");
      if (type == wanted && found.isEmpty()) {
        found = Optional.of(MacAddress.read(frame, m + offset + 2));
      }
      offset += octets; // RFC 4861 §4.6: unknown options are skipped
    }
    return found;
  }

  private static Optional<MacAddress> linkLayerOption(NdpMessage message) {
    // sealed: exactly these two kinds (pattern switch needs Java 21; the build targets 17)
    if (message instanceof NeighborSolicitation ns) {
      return ns.sourceLinkLayer();
    }
    return ((NeighborAdvertisement) message).targetLinkLayer();
  }

  private static int optionType(NdpMessage message) {
    return message instanceof NeighborSolicitation
        ? OPTION_SOURCE_LINK_LAYER
        : OPTION_TARGET_LINK_LAYER;
  }

  private static int flags(NdpMessage message) {
    if (message instanceof NeighborAdvertisement na) {
      return (na.router() ? 0x80 : 0) | (na.solicited() ? 0x40 : 0) | (na.override() ? 0x20 : 0);
    }
    return 0;
  }

  private static Inet6Address ipv6(byte[] frame, int offset) {
    byte[] raw = new byte[16];
    System.arraycopy(frame, offset, raw, 0, 16);
    try {
      // Inet6Address.getByAddress keeps IPv4-mapped addresses as IPv6 (InetAddress would not)
      return Inet6Address.getByAddress(null, raw, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are always an IPv6 address", e);
    }
  }
}
