package io.ironlb.speaker.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The NOTIFICATION body (RFC 4271 §4.5):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code    | Error subcode |   Data (variable)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Any code is accepted on receipt (a NOTIFICATION is never answered with one); unknown pairs map as
 * {@link BgpError#fromWire(int, int)} says.
 */
final class NotificationCodec {

  private NotificationCodec() {}

  static Notification decode(ByteBuf body) {
    int code = body.readUnsignedByte();
    int subcode = body.readUnsignedByte();
    return new Notification(BgpError.fromWire(code, subcode), ByteBufUtil.getBytes(body));
  }

  static void encode(Notification notification, ByteBuf out) {
    if (notification.error() == BgpError.UNRECOGNIZED) {
      throw new IllegalArgumentException("cannot send error code 0");
    }
    out.writeByte(notification.error().code());
    out.writeByte(notification.error().subcode());
    out.writeBytes(notification.data());
  }
}
