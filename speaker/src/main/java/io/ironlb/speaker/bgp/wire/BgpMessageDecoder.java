package io.ironlb.speaker.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a TCP stream into BGP messages (RFC 4271 §4.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                           Marker (16 x 0xFF)                  |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length (19..4096)    |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Malformed input raises a {@link BgpCodecException} through the pipeline (to {@code
 * exceptionCaught}), after which everything else received is discarded: the session answers with
 * the NOTIFICATION and closes. The context is swapped with {@link #context(BgpCodecContext)} once
 * the OPENs are exchanged, from the channel's event loop. Decoded messages hold no reference to the
 * inbound buffers.
 */
public final class BgpMessageDecoder extends ByteToMessageDecoder {

  /** RFC 4271 §4.1: no extended messages (RFC 8654) are negotiated. */
  public static final int MAX_MESSAGE_LENGTH = 4096;

  /** RFC 4271 §4.1. */
  public static final int HEADER_LENGTH = 19;

  static final int MARKER_LENGTH = 16;

  private static final Logger LOG = LoggerFactory.getLogger(BgpMessageDecoder.class);

  private BgpCodecContext context;
  private boolean failed;

  public BgpMessageDecoder(BgpCodecContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** The format negotiated in the OPEN exchange; applies to the next message decoded. */
  public void context(BgpCodecContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes()); // the connection is being torn down (RFC 4271 §6)
      return;
    }
    try {
      readMessage(in, context).ifPresent(out::add);
    } catch (BgpCodecException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /**
   * Reads one message from {@code in} if a whole one is there (advancing past it), or nothing
   * (leaving {@code in} untouched); throws on a malformed header or body.
   */
  public static Optional<BgpMessage> readMessage(ByteBuf in, BgpCodecContext context) {
    if (in.readableBytes() < HEADER_LENGTH) {
      checkMarker(in, Math.min(in.readableBytes(), MARKER_LENGTH));
      return Optional.empty();
    }
    int start = in.readerIndex();
    checkMarker(in, MARKER_LENGTH);
    int length = in.getUnsignedShort(start + MARKER_LENGTH);
    checkLength(length, HEADER_LENGTH, MAX_MESSAGE_LENGTH);
    MessageType type = MessageType.fromWire(in.getUnsignedByte(start + MARKER_LENGTH + 2));
    checkLength(length, type.minLength(), type.maxLength());
    if (in.readableBytes() < length) {
      return Optional.empty();
    }
    in.skipBytes(HEADER_LENGTH);
    ByteBuf body = in.readSlice(length - HEADER_LENGTH);
    BgpMessage message = decodeBody(type, body, context);
    LOG.trace("received {} ({} bytes)", type, length);
    return Optional.of(message);
  }

  private static BgpMessage decodeBody(MessageType type, ByteBuf body, BgpCodecContext context) {
    return switch (type) {
      case OPEN -> OpenCodec.decode(body);
      case UPDATE -> UpdateCodec.decode(body, context);
      case NOTIFICATION -> NotificationCodec.decode(body);
      case KEEPALIVE -> KeepaliveCodec.decode(body);
      case ROUTE_REFRESH -> RouteRefreshCodec.decode(body);
    };
  }

  /** RFC 4271 §6.1: a marker that is not all ones is Connection Not Synchronized (1,1). */
  private static void checkMarker(ByteBuf in, int bytes) {
    for (int i = 0; i < bytes; i++) {
      if (in.getByte(in.readerIndex() + i) != (byte) 0xFF) {
        throw new BgpCodecException(BgpError.CONNECTION_NOT_SYNCHRONIZED, "marker byte " + i);
      }
    }
  }

  /** RFC 4271 §6.1: Bad Message Length (1,2), data is the erroneous Length field. */
  private static void checkLength(int length, int min, int max) {
    if (length < min || length > max) {
      throw new BgpCodecException(
          BgpError.BAD_MESSAGE_LENGTH,
          new byte[] {(byte) (length >>> 8), (byte) length},
          "length " + length + " outside " + min + ".." + max);
    }
  }
}
