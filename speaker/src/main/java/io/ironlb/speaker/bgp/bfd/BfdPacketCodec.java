package io.ironlb.speaker.bgp.bfd;

import io.ironlb.speaker.bgp.bfd.BfdCodecException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The BFD Control packet wire format (RFC 5880 §4.1), big-endian:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       My Discriminator                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Your Discriminator                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Desired Min TX Interval                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Required Min RX Interval                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Required Min Echo RX Interval                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   (optional authentication section: never accepted here)      |
 * </pre>
 *
 * <p>Encoding always writes the 24-byte mandatory section. Decoding applies every RFC 5880 §6.8.6
 * rule that the packet alone can answer, in the RFC's order, and throws {@link BfdCodecException}
 * otherwise; bytes after {@code Length} in the datagram are ignored. The session lookup by
 * discriminator is {@link BfdSessions}'. Stateless and thread-safe.
 */
public final class BfdPacketCodec {

  /** RFC 5880 §4.1: length of the mandatory section. */
  public static final int MANDATORY_LENGTH = 24;

  /** RFC 5880 §4.1: the smallest authentication section (Auth Type and Auth Len). */
  static final int MIN_AUTH_LENGTH = 2;

  private static final int FLAG_POLL = 0x20;
  private static final int FLAG_FINAL = 0x10;
  private static final int FLAG_CPI = 0x08;
  private static final int FLAG_AUTH = 0x04;
  private static final int FLAG_DEMAND = 0x02;
  private static final int FLAG_MULTIPOINT = 0x01;

  private BfdPacketCodec() {}

  /** The 24 bytes of {@code packet}. */
  public static byte[] encode(BfdControlPacket packet) {
    ByteBuf out = Unpooled.buffer(MANDATORY_LENGTH, MANDATORY_LENGTH);
    try {
      encode(packet, out);
      byte[] bytes = new byte[MANDATORY_LENGTH];
      out.readBytes(bytes);
      return bytes;
    } finally {
      out.release();
    }
  }

  /**
   * Writes the 24 bytes of {@code packet} to {@code out}.
   *
   * @throws IllegalArgumentException if the A bit is set: there is no authentication section to
   *     write
   */
  public static void encode(BfdControlPacket packet, ByteBuf out) {
    if (packet.authenticated()) {
      throw new IllegalArgumentException("BFD authentication is not supported");
    }
    out.writeByte(BfdControlPacket.VERSION << 5 | packet.diagnostic().wireValue());
    out.writeByte(packet.state().wireValue() << 6 | flags(packet));
    out.writeByte(packet.detectMultiplier());
    out.writeByte(MANDATORY_LENGTH);
    out.writeInt((int) packet.myDiscriminator());
    out.writeInt((int) packet.yourDiscriminator());
    out.writeInt((int) packet.desiredMinTxUs());
    out.writeInt((int) packet.requiredMinRxUs());
    out.writeInt((int) packet.requiredMinEchoRxUs());
  }

  /** Decodes a whole datagram. */
  public static BfdControlPacket decode(byte[] datagram) throws BfdCodecException {
    ByteBuf in = Unpooled.wrappedBuffer(datagram);
    try {
      return decode(in);
    } finally {
      in.release();
    }
  }

  /**
   * Decodes the readable bytes of {@code datagram} (one whole UDP payload) without moving its
   * reader index; the caller keeps ownership and releases it.
   */
  public static BfdControlPacket decode(ByteBuf datagram) throws BfdCodecException {
    int at = datagram.readerIndex();
    int payload = datagram.readableBytes();
    if (payload < MANDATORY_LENGTH) {
      throw new BfdCodecException(Reason.TRUNCATED, payload + " bytes, need " + MANDATORY_LENGTH);
    }
    int first = datagram.getUnsignedByte(at);
    int second = datagram.getUnsignedByte(at + 1);
    checkHeader(first, second, datagram.getUnsignedByte(at + 3), payload);
    BfdControlPacket packet = read(datagram, at, first, second);
    checkFields(packet);
    return packet;
  }

  // RFC 5880 §6.8.6, first three rules: version, then Length against the A bit and the datagram.
  private static void checkHeader(int first, int second, int length, int payload)
      throws BfdCodecException {
    int version = first >>> 5;
    if (version != BfdControlPacket.VERSION) {
      throw new BfdCodecException(Reason.BAD_VERSION, "version " + version);
    }
    boolean auth = (second & FLAG_AUTH) != 0;
    int minimum = MANDATORY_LENGTH + (auth ? MIN_AUTH_LENGTH : 0);
    if (length < minimum) {
      throw new BfdCodecException(Reason.BAD_LENGTH, "length " + length + " < " + minimum);
    }
    if (length > payload) {
      throw new BfdCodecException(
          Reason.BAD_LENGTH, "length " + length + " > datagram of " + payload + " bytes");
    }
  }

  private static BfdControlPacket read(ByteBuf in, int at, int first, int second)
      throws BfdCodecException {
    int diag = first & 0x1F;
    BfdDiagnostic diagnostic =
        BfdDiagnostic.fromWire(diag)
            .orElseThrow(() -> new BfdCodecException(Reason.UNKNOWN_DIAGNOSTIC, "diag " + diag));
    return new BfdControlPacket(
        diagnostic,
        BfdState.fromWire(second >>> 6),
        (second & FLAG_POLL) != 0,
        (second & FLAG_FINAL) != 0,
        (second & FLAG_CPI) != 0,
        (second & FLAG_AUTH) != 0,
        (second & FLAG_DEMAND) != 0,
        (second & FLAG_MULTIPOINT) != 0,
        in.getUnsignedByte(at + 2),
        in.getUnsignedInt(at + 4),
        in.getUnsignedInt(at + 8),
        in.getUnsignedInt(at + 12),
        in.getUnsignedInt(at + 16),
        in.getUnsignedInt(at + 20));
  }

  // RFC 5880 §6.8.6, the remaining rules that need no session, in the RFC's order.
  private static void checkFields(BfdControlPacket p) throws BfdCodecException {
    if (p.detectMultiplier() == 0) {
      throw new BfdCodecException(Reason.ZERO_DETECT_MULTIPLIER, "Detect Mult is zero");
    }
    if (p.multipoint()) {
      throw new BfdCodecException(Reason.MULTIPOINT, "M bit set");
    }
    if (p.myDiscriminator() == 0) {
      throw new BfdCodecException(Reason.ZERO_MY_DISCRIMINATOR, "My Discriminator is zero");
    }
    boolean downish = p.state() == BfdState.DOWN || p.state() == BfdState.ADMIN_DOWN;
    if (p.yourDiscriminator() == 0 && !downish) {
      throw new BfdCodecException(
          Reason.ZERO_YOUR_DISCRIMINATOR, "Your Discriminator is zero in state " + p.state());
    }
    if (p.authenticated()) {
      // RFC 5880 §6.8.6: A bit set and bfd.AuthType zero (we never enable authentication)
      throw new BfdCodecException(
          Reason.AUTHENTICATION_NOT_SUPPORTED, "A bit set; BFD authentication is not supported");
    }
  }

  private static int flags(BfdControlPacket p) {
    return (p.poll() ? FLAG_POLL : 0)
        | (p.fin() ? FLAG_FINAL : 0)
        | (p.controlPlaneIndependent() ? FLAG_CPI : 0)
        | (p.demand() ? FLAG_DEMAND : 0)
        | (p.multipoint() ? FLAG_MULTIPOINT : 0);
  }
}
