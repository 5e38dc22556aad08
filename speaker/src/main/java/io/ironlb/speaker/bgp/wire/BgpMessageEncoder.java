package io.ironlb.speaker.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Objects;

/**
 * Writes {@link BgpMessage}s with their 19-byte header (see {@link BgpMessageDecoder} for the
 * layout). A message longer than 4096 bytes is a bug in the caller ({@link UpdatePacker} never
 * builds one) and fails the write with an {@code EncoderException}.
 */
public final class BgpMessageEncoder extends MessageToByteEncoder<BgpMessage> {

  private static final byte[] MARKER = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
  };

  private BgpCodecContext context;

  public BgpMessageEncoder(BgpCodecContext context) {
    super(BgpMessage.class);
    this.context = Objects.requireNonNull(context, "context");
  }

  /** The format negotiated in the OPEN exchange; applies to the next message written. */
  public void context(BgpCodecContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, BgpMessage message, ByteBuf out) {
    write(message, context, out);
  }

  /** Appends {@code message}, header included, to {@code out}. */
  public static void write(BgpMessage message, BgpCodecContext context, ByteBuf out) {
    int start = out.writerIndex();
    out.writeBytes(MARKER);
    out.writeShort(0);
    out.writeByte(message.type().wireValue());
    writeBody(message, context, out);
    int length = out.writerIndex() - start;
    if (length > BgpMessageDecoder.MAX_MESSAGE_LENGTH) {
      out.writerIndex(start);
      throw new IllegalArgumentException(message.type() + " of " + length + " bytes exceeds 4096");
    }
    out.setShort(start + BgpMessageDecoder.MARKER_LENGTH, length);
  }

  private static void writeBody(BgpMessage message, BgpCodecContext context, ByteBuf out) {
    // Java 17: no pattern switch yet; the sealed interface keeps this list complete
    if (message instanceof Open open) {
      OpenCodec.encode(open, out);
    } else if (message instanceof Update update) {
      UpdateCodec.encode(update, out, context);
    } else if (message instanceof Notification notification) {
      NotificationCodec.encode(notification, out);
    } else if (message instanceof Keepalive keepalive) {
      KeepaliveCodec.encode(keepalive, out);
    } else if (message instanceof RouteRefresh refresh) {
      RouteRefreshCodec.encode(refresh, out);
    } else {
      throw new IllegalStateException("unknown message " + message.getClass());
    }
  }

  /** The encoded length of {@code message}, header included. */
  public static int encodedLength(BgpMessage message, BgpCodecContext context) {
    ByteBuf scratch = Unpooled.buffer(BgpMessageDecoder.MAX_MESSAGE_LENGTH);
    try {
      int start = scratch.writerIndex();
      write(message, context, scratch);
      return scratch.writerIndex() - start;
    } finally {
      scratch.release();
    }
  }
}
