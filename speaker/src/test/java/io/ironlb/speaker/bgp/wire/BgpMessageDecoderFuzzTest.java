package io.ironlb.speaker.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes through {@link BgpMessageDecoder} in an {@link EmbeddedChannel}, with and without
 * 4-octet AS: only {@link BgpCodecException} may escape, every inbound buffer is released, and
 * whatever decodes cleanly re-encodes (at most 4096 bytes) and decodes back equal.
 *
 * <p>{@code mvn test} replays the seeds in {@code BgpMessageDecoderFuzzTestInputs/<method>/}; to
 * fuzz: {@code JAZZER_FUZZ=1 ./mvnw -pl speaker test
 * -Dtest='io.ironlb.speaker.bgp.wire.BgpMessageDecoderFuzzTest#decodeOnlyThrowsBgpCodecException'}.
 */
class BgpMessageDecoderFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decodeOnlyThrowsBgpCodecException(byte[] data) {
    for (BgpCodecContext ctx : List.of(BgpCodecContext.INITIAL, BgpCodecContext.FOUR_OCTET_AS)) {
      for (BgpMessage m : decode(data, ctx)) {
        if (!(m instanceof Update u && !u.malformations().isEmpty())
            && !(m instanceof Notification n && n.error() == BgpError.UNRECOGNIZED)) {
          assertThat(Wire.decode(Wire.encode(m, ctx), ctx)).isEqualTo(m);
        }
      }
    }
  }

  private static List<BgpMessage> decode(byte[] data, BgpCodecContext ctx) {
    EmbeddedChannel channel = new EmbeddedChannel(new BgpMessageDecoder(ctx));
    ByteBuf in = Unpooled.copiedBuffer(data);
    List<BgpMessage> messages = new ArrayList<>();
    try {
      channel.writeInbound(in);
      for (Object m; (m = channel.readInbound()) != null; ) {
        messages.add((BgpMessage) m);
      }
    } catch (BgpCodecException expected) {
      // the only failure a peer's bytes may cause
    } finally {
      channel.finishAndReleaseAll();
    }
    assertThat(in.refCnt() == 0 || data.length == 0).as("inbound buffer released").isTrue();
    return messages;
  }

  @Test
  void seedsAreTheMessagesTheyAreNamedAfter() throws IOException {
    Map<String, Integer> messagesPerSeed =
        Map.of(
            "open-4-octet-as", 1,
            "update-ipv4", 1,
            "update-ipv6", 1,
            "keepalive-twice", 2,
            "update-treat-as-withdraw", 1,
            "bad-marker", 0,
            "truncated-open", 0);
    for (Map.Entry<String, Integer> seed : messagesPerSeed.entrySet()) {
      byte[] data = seed(seed.getKey());
      assertThat(decode(data, BgpCodecContext.FOUR_OCTET_AS))
          .as(seed.getKey())
          .hasSize(seed.getValue());
    }
  }

  private static byte[] seed(String name) throws IOException {
    String path = "BgpMessageDecoderFuzzTestInputs/decodeOnlyThrowsBgpCodecException/" + name;
    try (InputStream in = BgpMessageDecoderFuzzTest.class.getResourceAsStream(path)) {
      assertThat(in).as("seed %s", name).isNotNull();
      return in.readAllBytes();
    }
  }
}
