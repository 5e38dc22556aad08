package io.ironlb.speaker.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test support: hex in and out, and the decoder and encoder driven through an {@link
 * EmbeddedChannel}, checking that every buffer handed to the channel is released.
 */
final class Wire {

  static final String MARKER = "ffffffffffffffffffffffffffffffff";

  private Wire() {}

  /** Bytes from hex; whitespace, '|' separators and '#' comments to the end of a line ignored. */
  static byte[] hex(String text) {
    StringBuilder digits = new StringBuilder();
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      digits.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("[\\s|]", ""));
    }
    return HexFormat.of().parseHex(digits.toString());
  }

  static String toHex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** A whole message: marker, the computed length, {@code type}, then {@code bodyHex}. */
  static byte[] message(int type, String bodyHex) {
    byte[] body = hex(bodyHex);
    int length = 19 + body.length;
    return hex(MARKER + String.format("%04x%02x", length, type) + toHex(body));
  }

  /** An UPDATE from its three fields, the two length fields computed. */
  static byte[] update(String withdrawnHex, String attributesHex, String nlriHex) {
    byte[] withdrawn = hex(withdrawnHex);
    byte[] attributes = hex(attributesHex);
    return message(
        2,
        String.format("%04x", withdrawn.length)
            + toHex(withdrawn)
            + String.format("%04x", attributes.length)
            + toHex(attributes)
            + hexOf(nlriHex));
  }

  private static String hexOf(String text) {
    return toHex(hex(text));
  }

  /** Every message decoded from {@code bytes}, given to the channel in one buffer. */
  static List<BgpMessage> decodeAll(byte[] bytes, BgpCodecContext ctx) {
    return decodeChunks(List.of(bytes), ctx);
  }

  /** Every message decoded from {@code chunks}, each written as a separate read. */
  static List<BgpMessage> decodeChunks(List<byte[]> chunks, BgpCodecContext ctx) {
    EmbeddedChannel channel = new EmbeddedChannel(new BgpMessageDecoder(ctx));
    List<ByteBuf> written = new ArrayList<>();
    List<BgpMessage> messages = new ArrayList<>();
    try {
      for (byte[] chunk : chunks) {
        ByteBuf buf = Unpooled.copiedBuffer(chunk);
        written.add(buf);
        channel.writeInbound(buf);
        for (Object m; (m = channel.readInbound()) != null; ) {
          messages.add((BgpMessage) m);
        }
      }
      return messages;
    } finally {
      channel.finishAndReleaseAll();
      // (the shared empty buffer is never released: it has nothing to leak)
      written.stream()
          .filter(b -> b.capacity() > 0)
          .forEach(b -> assertThat(b.refCnt()).as("inbound buffer released").isZero());
    }
  }

  /** The one message in {@code bytes}. */
  static BgpMessage decode(byte[] bytes, BgpCodecContext ctx) {
    List<BgpMessage> messages = decodeAll(bytes, ctx);
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  static BgpMessage decode(byte[] bytes) {
    return decode(bytes, BgpCodecContext.FOUR_OCTET_AS);
  }

  /** The error decoding {@code bytes} raises. */
  static BgpCodecException decodeError(byte[] bytes, BgpCodecContext ctx) {
    BgpCodecException e =
        catchThrowableOfType(BgpCodecException.class, () -> decodeAll(bytes, ctx));
    assertThat(e).as("decoding %s", toHex(bytes)).isNotNull();
    return e;
  }

  static BgpCodecException decodeError(byte[] bytes) {
    return decodeError(bytes, BgpCodecContext.FOUR_OCTET_AS);
  }

  /** The bytes the encoder writes for {@code message}. */
  static byte[] encode(BgpMessage message, BgpCodecContext ctx) {
    EmbeddedChannel channel = new EmbeddedChannel(new BgpMessageEncoder(ctx));
    try {
      assertThat(channel.writeOutbound(message)).isTrue();
      ByteBuf out = channel.readOutbound();
      try {
        return ByteBufUtil.getBytes(out);
      } finally {
        out.release();
      }
    } finally {
      assertThat(channel.finishAndReleaseAll()).isFalse();
    }
  }

  static byte[] encode(BgpMessage message) {
    return encode(message, BgpCodecContext.FOUR_OCTET_AS);
  }
}
