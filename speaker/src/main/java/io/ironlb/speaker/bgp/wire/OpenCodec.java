package io.ironlb.speaker.bgp.wire;

import io.ironlb.speaker.bgp.wire.cap.Capabilities;
import io.ironlb.speaker.bgp.wire.cap.Capability;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The OPEN body (RFC 4271 §4.2), after the 19-byte header:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+
 * |    Version    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     My Autonomous System      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Hold Time           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         BGP Identifier                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Opt Parm Len  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Optional Parameters (variable)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Checks here are those that need no configuration (RFC 4271 §6.2); whether the AS is the expected
 * one, and whether the identifier collides with ours, is the session's call.
 */
final class OpenCodec {

  private OpenCodec() {}

  static Open decode(ByteBuf body) {
    int version = body.readUnsignedByte();
    if (version != Open.VERSION) {
      // RFC 4271 §6.2: data is the largest locally supported version number (2 octets)
      throw new BgpCodecException(
          BgpError.UNSUPPORTED_VERSION_NUMBER, new byte[] {0, Open.VERSION}, "version " + version);
    }
    int myAs = body.readUnsignedShort();
    int holdTime = body.readUnsignedShort();
    Inet4Address bgpId = ipv4(body.readInt());
    int paramsLength = body.readUnsignedByte();
    BgpCodecException.require(
        paramsLength == body.readableBytes(),
        BgpError.OPEN_UNSPECIFIC,
        "Opt Parm Len " + paramsLength + " but " + body.readableBytes() + " bytes follow");
    List<Capability> capabilities = Capabilities.readParameters(body.readSlice(paramsLength));
    Open open = new Open(version, myAs, holdTime, bgpId, capabilities);
    checkAs(open);
    // RFC 4271 §4.2, §6.2: hold time 0 or at least 3 seconds
    BgpCodecException.require(
        holdTime == 0 || holdTime >= 3, BgpError.UNACCEPTABLE_HOLD_TIME, "hold time " + holdTime);
    // RFC 6286 §2.2: any non-zero 4-octet value
    BgpCodecException.require(
        !bgpId.isAnyLocalAddress(), BgpError.BAD_BGP_IDENTIFIER, "BGP identifier 0.0.0.0");
    return open;
  }

  /** RFC 7607: AS 0 is never valid; RFC 6793 §4.1: AS_TRANS comes with the 4-octet AS. */
  private static void checkAs(Open open) {
    BgpCodecException.require(open.myAs() != 0, BgpError.BAD_PEER_AS, "My AS is 0");
    BgpCodecException.require(
        open.autonomousSystem() != 0, BgpError.BAD_PEER_AS, "4-octet AS capability says AS 0");
    BgpCodecException.require(
        open.myAs() != Open.AS_TRANS || open.fourOctetAs().isPresent(),
        BgpError.BAD_PEER_AS,
        "My AS is AS_TRANS without the 4-octet AS capability");
  }

  static void encode(Open open, ByteBuf out) {
    out.writeByte(open.version());
    out.writeShort((int) open.myAs());
    out.writeShort(open.holdTime());
    out.writeBytes(open.bgpId().getAddress());
    int lengthIndex = out.writerIndex();
    out.writeByte(0);
    Capabilities.writeParameters(out, open.capabilities());
    int paramsLength = out.writerIndex() - lengthIndex - 1;
    if (paramsLength > 255) {
      throw new IllegalArgumentException("optional parameters exceed 255 bytes: " + paramsLength);
    }
    out.setByte(lengthIndex, paramsLength);
  }

  private static Inet4Address ipv4(int address) {
    byte[] bytes = {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
    try {
      return (Inet4Address) InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are an IPv4 address", e);
    }
  }
}
