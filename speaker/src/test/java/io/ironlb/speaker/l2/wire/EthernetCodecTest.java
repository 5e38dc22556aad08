package io.ironlb.speaker.l2.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EthernetCodecTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "untagged ARP,        ffffffffffff0200000000aa0806, 2054, 0, 14",
    "802.1Q-tagged IPv6,  ffffffffffff0200000000aa8100006486dd, 34525, 1, 18",
    "QinQ (802.1ad+1Q),   ffffffffffff0200000000aa88a800c881000064, 2054, 2, 22",
    "802.3 length field,  ffffffffffff0200000000aa002e, 46, 0, 14",
  })
  void decodesHeaderAndSkipsVlanTags(
      String description, String hex, int etherType, int tags, int payloadOffset) throws Exception {
    byte[] frame = HexFormat.of().parseHex(hex.trim());
    if (description.startsWith("QinQ")) {
      frame = java.util.Arrays.copyOf(frame, frame.length + 2);
      frame[frame.length - 2] = 0x08;
      frame[frame.length - 1] = 0x06;
    }

    EthernetHeader eth = EthernetCodec.decode(frame, frame.length);

    assertThat(eth.destination()).isEqualTo(MacAddress.BROADCAST);
    assertThat(eth.source()).isEqualTo(MacAddress.parse("02:00:00:00:00:aa"));
    assertThat(eth.etherType()).isEqualTo(etherType);
    assertThat(eth.vlanTags()).isEqualTo(tags);
    assertThat(eth.payloadOffset()).isEqualTo(payloadOffset);
  }

  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({"0", "1", "13"})
  void truncatedHeaderIsMalformed(int length) {
    assertThatThrownBy(() -> EthernetCodec.decode(new byte[20], length))
        .isInstanceOf(MalformedFrameException.class);
  }

  @ParameterizedTest(name = "tag without EtherType, {0} bytes")
  @CsvSource({"16", "17"})
  void truncatedVlanTagIsMalformed(int length) {
    byte[] frame = new byte[length];
    frame[12] = (byte) 0x81;
    assertThatThrownBy(() -> EthernetCodec.decode(frame, length))
        .isInstanceOf(MalformedFrameException.class);
  }

  @ParameterizedTest(name = "length {0}")
  @CsvSource({"-1", "21"})
  void lengthOutsideTheArrayIsACallerBug(int length) {
    assertThatThrownBy(() -> EthernetCodec.decode(new byte[20], length))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
