package io.ironlb.speaker.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ironlb.speaker.membership.MalformedHeartbeatException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatCodecTest {

  private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Heartbeat HB =
      new Heartbeat("node-a", 0x0102030405060708L, 0x1112131415161718L, true);

  private final HeartbeatCodec plain = new HeartbeatCodec(Optional.empty());
  private final HeartbeatCodec keyed = new HeartbeatCodec(Optional.of(KEY));

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void roundTripsWithAndWithoutKey(boolean leaving) throws Exception {
    Heartbeat hb = new Heartbeat("worker-17.rack3.example", -5L, 123_456L, leaving);
    for (HeartbeatCodec codec : new HeartbeatCodec[] {plain, keyed}) {
      byte[] frame = codec.encode(hb);
      assertThat(codec.decode(frame, frame.length)).isEqualTo(hb);
    }
  }

  @Test
  void longestNodeNameRoundTrips() throws Exception {
    String name =
        "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
    Heartbeat hb = new Heartbeat(name, 1, 2, false);
    byte[] frame = keyed.encode(hb);
    assertThat(frame).hasSize(21 + 253 + 16);
    assertThat(keyed.decode(frame, frame.length)).isEqualTo(hb);
  }

  @Test
  void plainFrameHasTheDocumentedLayout() {
    assertThat(HexFormat.of().formatHex(plain.encode(HB)))
        .isEqualTo(
            "494c" // magic "IL"
                + "01" // version
                + "01" // flags: L (leaving)
                + "0102030405060708" // boot id
                + "1112131415161718" // sequence
                + "06" // name length
                + "6e6f64652d61"); // "node-a"
  }

  @Test
  void keyedFrameSetsFlagMAndAppendsTruncatedHmacOverTheBody() throws Exception {
    byte[] frame = keyed.encode(HB);
    assertThat(frame).hasSize(21 + 6 + 16);
    assertThat(frame[3]).isEqualTo((byte) 0x03);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    byte[] expected = Arrays.copyOf(mac.doFinal(Arrays.copyOf(frame, 27)), 16);
    assertThat(Arrays.copyOfRange(frame, 27, 43)).isEqualTo(expected);
  }

  @Test
  void everyTruncationIsRejected() {
    for (HeartbeatCodec codec : new HeartbeatCodec[] {plain, keyed}) {
      byte[] frame = codec.encode(HB);
      for (int length = 0; length < frame.length; length++) {
        int len = length;
        assertThatThrownBy(() -> codec.decode(frame, len))
            .as("length %d", len)
            .isInstanceOf(MalformedHeartbeatException.class);
      }
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] frame = Arrays.copyOf(plain.encode(HB), 28);
    assertRejected(plain, frame, Reason.BAD_LENGTH);
  }

  @Test
  void wrongMagicVersionOrFlagsAreRejected() {
    assertRejected(plain, patched(0, 0x4A), Reason.BAD_MAGIC);
    assertRejected(plain, patched(1, 0x00), Reason.BAD_MAGIC);
    assertRejected(plain, patched(2, 0x02), Reason.BAD_VERSION);
    assertRejected(plain, patched(2, 0x00), Reason.BAD_VERSION);
    assertRejected(plain, patched(3, 0x05), Reason.BAD_FLAGS);
    assertRejected(plain, patched(3, 0x80), Reason.BAD_FLAGS);
  }

  @Test
  void badNamesAndSequencesAreRejected() {
    assertRejected(plain, patched(21, 'N'), Reason.BAD_NAME);
    assertRejected(plain, patched(21, '-'), Reason.BAD_NAME);
    assertRejected(plain, patched(21, 0xC3), Reason.BAD_NAME);
    assertRejected(plain, patched(12, 0x80), Reason.BAD_SEQUENCE);
  }

  @Test
  void oversizeOrEmptyNameIsRejected() {
    assertThatThrownBy(() -> new Heartbeat("a".repeat(254), 1, 1, false))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] oversize = new byte[21 + 254];
    System.arraycopy(plain.encode(HB), 0, oversize, 0, 20);
    Arrays.fill(oversize, 21, oversize.length, (byte) 'a');
    oversize[20] = (byte) 254;
    assertRejected(plain, oversize, Reason.BAD_NAME);
    byte[] empty = Arrays.copyOf(plain.encode(HB), 21);
    empty[20] = 0;
    assertRejected(plain, empty, Reason.BAD_NAME);
  }

  @Test
  void datagramAboveTheLimitIsRejectedBeforeParsing() {
    assertRejected(plain, new byte[HeartbeatCodec.MAX_DATAGRAM + 1], Reason.TOO_LONG);
  }

  @Test
  void keyedCodecAcceptsOnlyFramesWithItsKey() throws Exception {
    HeartbeatCodec other = new HeartbeatCodec(Optional.of("another-key".getBytes()));
    assertThat(keyed.decode(keyed.encode(HB), 43)).isEqualTo(HB);
    assertRejected(keyed, other.encode(HB), Reason.BAD_MAC);
    assertRejected(keyed, plain.encode(HB), Reason.MISSING_MAC);
    assertRejected(plain, keyed.encode(HB), Reason.UNEXPECTED_MAC);
  }

  @Test
  void everyFlippedBitOfAKeyedFrameIsRejected() {
    byte[] frame = keyed.encode(HB);
    for (int bit = 0; bit < frame.length * 8; bit++) {
      byte[] flipped = frame.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      int b = bit;
      assertThatThrownBy(() -> keyed.decode(flipped, flipped.length))
          .as("bit %d", b)
          .isInstanceOf(MalformedHeartbeatException.class);
    }
  }

  @Test
  void frameStrippedOfItsMacIsRejectedByAKeyedCodec() {
    byte[] frame = Arrays.copyOf(keyed.encode(HB), 27);
    frame[3] = 0x01;
    assertRejected(keyed, frame, Reason.MISSING_MAC);
  }

  private static byte[] patched(int index, int value) {
    byte[] frame = new HeartbeatCodec(Optional.empty()).encode(HB);
    frame[index] = (byte) value;
    return frame;
  }

  private static void assertRejected(HeartbeatCodec codec, byte[] frame, Reason reason) {
    assertThatThrownBy(() -> codec.decode(frame, frame.length))
        .isInstanceOfSatisfying(
            MalformedHeartbeatException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
