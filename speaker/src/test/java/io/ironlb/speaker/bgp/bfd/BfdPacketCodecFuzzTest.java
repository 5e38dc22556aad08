package io.ironlb.speaker.bgp.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary datagrams into the decoder: only {@link BfdCodecException} may escape; byte[] and
 * ByteBuf decoding agree; what decodes re-encodes to the same 24 bytes apart from the Length byte
 * (trailing bytes are ignored), and decodes again to the same packet.
 *
 * <p>{@code mvn test} replays the seeds in {@code BfdPacketCodecFuzzTestInputs/<method>/}; to fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl speaker test -Dtest=BfdPacketCodecFuzzTest}.
 */
class BfdPacketCodecFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decodeOnlyThrowsBfdCodecException(byte[] data) throws BfdCodecException {
    BfdControlPacket packet;
    try {
      packet = BfdPacketCodec.decode(data);
    } catch (BfdCodecException expected) {
      assertThat(decodeBuf(data)).isNull(); // the ByteBuf path rejects it too
      return; // the only failure a datagram may cause
    }
    assertThat(decodeBuf(data)).isEqualTo(packet);
    byte[] again = BfdPacketCodec.encode(packet);
    byte[] head = Arrays.copyOf(data, BfdPacketCodec.MANDATORY_LENGTH);
    head[3] = BfdPacketCodec.MANDATORY_LENGTH;
    assertThat(again).isEqualTo(head);
    assertThat(BfdPacketCodec.decode(again)).isEqualTo(packet);
  }

  private static BfdControlPacket decodeBuf(byte[] data) {
    ByteBuf buf = Unpooled.wrappedBuffer(data);
    try {
      return BfdPacketCodec.decode(buf);
    } catch (BfdCodecException e) {
      return null;
    } finally {
      buf.release();
    }
  }

  @Test
  void seedsAreThePacketsTheyAreNamedAfter() throws IOException {
    Map<String, Boolean> seeds =
        Map.of(
            "down-first-packet", true,
            "up-with-poll", true,
            "up-with-final-trailing-bytes", true,
            "admin-down", true,
            "truncated", false,
            "bad-version", false,
            "authenticated-simple-password", false,
            "zero-your-discriminator-in-up", false,
            "empty", false);
    for (Map.Entry<String, Boolean> seed : seeds.entrySet()) {
      assertThat(decodes(seed(seed.getKey()))).as(seed.getKey()).isEqualTo(seed.getValue());
    }
  }

  private static boolean decodes(byte[] data) {
    try {
      BfdPacketCodec.decode(data);
      return true;
    } catch (BfdCodecException e) {
      return false;
    }
  }

  private static byte[] seed(String name) throws IOException {
    String path = "BfdPacketCodecFuzzTestInputs/decodeOnlyThrowsBfdCodecException/" + name;
    try (InputStream in = BfdPacketCodecFuzzTest.class.getResourceAsStream(path)) {
      assertThat(in).as("seed %s", name).isNotNull();
      return in.readAllBytes();
    }
  }
}
