package io.ironlb.speaker.membership;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes into both codecs (with and without key): only {@link MalformedHeartbeatException}
 * may escape, and whatever decodes re-encodes to the same bytes (one canonical frame per
 * heartbeat).
 *
 * <p>{@code mvn test} replays the seeds in {@code HeartbeatCodecFuzzTestInputs/<method>/}; to fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl speaker test -Dtest=HeartbeatCodecFuzzTest}.
 */
class HeartbeatCodecFuzzTest {

  /** The key the keyed seed was signed with. */
  static final byte[] KEY = "fuzz-key-0123456".getBytes(StandardCharsets.US_ASCII);

  private static final HeartbeatCodec PLAIN = new HeartbeatCodec(Optional.empty());
  private static final HeartbeatCodec KEYED = new HeartbeatCodec(Optional.of(KEY));

  @FuzzTest(maxDuration = "5m")
  void decodeOnlyThrowsMalformedHeartbeat(byte[] data) {
    decodeAndReencode(PLAIN, data);
    decodeAndReencode(KEYED, data);
  }

  private static void decodeAndReencode(HeartbeatCodec codec, byte[] data) {
    try {
      Heartbeat hb = codec.decode(data, data.length);
      assertThat(codec.encode(hb)).isEqualTo(data);
    } catch (MalformedHeartbeatException expected) {
      // the only failure a datagram may cause
    }
  }

  @Test
  void seedsAreTheFramesTheyAreNamedAfter() throws IOException {
    Map<String, Boolean> validSeeds =
        Map.of(
            "plain-heartbeat", true,
            "plain-leaving", true,
            "keyed-heartbeat", true,
            "truncated", false,
            "bad-magic", false,
            "name-too-long", false);
    for (Map.Entry<String, Boolean> seed : validSeeds.entrySet()) {
      byte[] data = seed(seed.getKey());
      HeartbeatCodec codec = seed.getKey().startsWith("keyed") ? KEYED : PLAIN;
      assertThat(decodes(codec, data)).as(seed.getKey()).isEqualTo(seed.getValue());
    }
  }

  private static boolean decodes(HeartbeatCodec codec, byte[] data) {
    try {
      codec.decode(data, data.length);
      return true;
    } catch (MalformedHeartbeatException e) {
      return false;
    }
  }

  private static byte[] seed(String name) throws IOException {
    String path = "HeartbeatCodecFuzzTestInputs/decodeOnlyThrowsMalformedHeartbeat/" + name;
    try (InputStream in = HeartbeatCodecFuzzTest.class.getResourceAsStream(path)) {
      assertThat(in).as("seed %s", name).isNotNull();
      return in.readAllBytes();
    }
  }
}
