package io.ironlb.speaker.l2.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArpCodecTest {

  private static final MacAddress A = MacAddress.parse("02:00:00:00:00:aa");
  private static final MacAddress B = MacAddress.parse("02:00:00:00:00:01");

  /** "who-has 192.0.2.10 tell 192.0.2.100" as Linux sends it, padded to 60 bytes. */
  private static final String LINUX_REQUEST =
      "ffffffffffff0200000000aa0806"
          + "000108000604000102000000"
          + "00aac0000264000000000000c000020a"
          + "000000000000000000000000000000000000";

  private static Inet4Address v4(String s) throws Exception {
    return (Inet4Address) InetAddress.getByName(s);
  }

  @Test
  void decodesAPaddedRequest() throws Exception {
    byte[] frame = HexFormat.of().parseHex(LINUX_REQUEST);

    ArpPacket arp = ArpCodec.decode(frame, frame.length, EthernetCodec.decode(frame, frame.length));

    assertThat(frame).hasSize(60);
    assertThat(arp)
        .isEqualTo(
            new ArpPacket(
                ArpPacket.REQUEST, A, v4("192.0.2.100"), MacAddress.ZERO, v4("192.0.2.10")));
  }

  @Test
  void encodeThenDecodeIsIdentity() throws Exception {
    for (int op : new int[] {ArpPacket.REQUEST, ArpPacket.REPLY, 8}) {
      ArpPacket arp = new ArpPacket(op, B, v4("198.51.100.7"), A, v4("203.0.113.255"));

      byte[] frame = ArpCodec.encode(A, B, arp);
      EthernetHeader eth = EthernetCodec.decode(frame, frame.length);

      assertThat(frame).hasSize(ArpCodec.FRAME_LENGTH);
      assertThat(eth.destination()).isEqualTo(A);
      assertThat(eth.source()).isEqualTo(B);
      assertThat(ArpCodec.decode(frame, frame.length, eth)).isEqualTo(arp);
    }
  }

  @Test
  void everyTruncationIsMalformed() throws Exception {
    byte[] frame = HexFormat.of().parseHex(LINUX_REQUEST);
    for (int length = EthernetCodec.HEADER_LENGTH; length < ArpCodec.FRAME_LENGTH; length++) {
      int n = length;
      EthernetHeader eth = EthernetCodec.decode(frame, n);
      assertThatThrownBy(() -> ArpCodec.decode(frame, n, eth))
          .isInstanceOf(MalformedFrameException.class);
    }
  }

  @ParameterizedTest(name = "byte {0} = {1}: {2}")
  @CsvSource({
    "15, 6, hardware type IEEE 802",
    "16, 0x86, protocol type not IPv4",
    "18, 8, hardware length 8",
    "19, 16, protocol length 16",
  })
  void otherHardwareOrProtocolIsMalformed(int offset, String value, String description) {
    byte[] frame = HexFormat.of().parseHex(LINUX_REQUEST);
    frame[offset] = (byte) (int) Integer.decode(value);

    assertThatThrownBy(
            () -> ArpCodec.decode(frame, frame.length, EthernetCodec.decode(frame, frame.length)))
        .isInstanceOf(MalformedFrameException.class);
  }

  @Test
  void nonArpEtherTypeIsRejected() throws Exception {
    byte[] frame = HexFormat.of().parseHex(LINUX_REQUEST);
    frame[13] = 0x00; // 0x0800, IPv4

    EthernetHeader eth = EthernetCodec.decode(frame, frame.length);
    assertThatThrownBy(() -> ArpCodec.decode(frame, frame.length, eth))
        .isInstanceOf(MalformedFrameException.class);
  }
}
