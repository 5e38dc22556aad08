package io.ironlb.speaker.bgp.wire;

import static io.ironlb.speaker.bgp.wire.Wire.MARKER;
import static io.ironlb.speaker.bgp.wire.Wire.decode;
import static io.ironlb.speaker.bgp.wire.Wire.encode;
import static io.ironlb.speaker.bgp.wire.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;

/** NOTIFICATION (RFC 4271 §4.5) and ROUTE-REFRESH (RFC 2918 §3). */
class NotificationAndRouteRefreshTest {

  @Test
  void notificationWithDataExactBytes() {
    // length 23, type 3, code 2 (OPEN), subcode 1 (version), data 0004 (we speak version 4)
    String bytes = MARKER + "0017 03 02 01 0004";
    Notification n = new Notification(BgpError.UNSUPPORTED_VERSION_NUMBER, hex("0004"));
    assertThat(encode(n)).isEqualTo(hex(bytes));
    assertThat(decode(hex(bytes))).isEqualTo(n);
  }

  @Test
  void ceaseWithoutDataExactBytes() {
    String bytes = MARKER + "0015 03 06 02"; // Cease, Administrative Shutdown (RFC 4486)
    Notification n = new Notification(BgpError.CEASE_ADMINISTRATIVE_SHUTDOWN);
    assertThat(encode(n)).isEqualTo(hex(bytes));
    assertThat(decode(hex(bytes))).isEqualTo(n);
  }

  @Test
  void unknownReceivedCodesMapToTheirCodeOrUnrecognized() {
    Notification n = (Notification) decode(hex(MARKER + "0016 03 06 63 ab"));
    assertThat(n.error()).isEqualTo(BgpError.CEASE);
    assertThat(n.data()).isEqualTo(hex("ab"));
    assertThat(((Notification) decode(hex(MARKER + "0015 03 2a 01"))).error())
        .isEqualTo(BgpError.UNRECOGNIZED);
  }

  @Test
  void anUnrecognizedErrorIsNeverSent() {
    EmbeddedChannel channel =
        new EmbeddedChannel(new BgpMessageEncoder(BgpCodecContext.FOUR_OCTET_AS));
    try {
      assertThatThrownBy(() -> channel.writeOutbound(new Notification(BgpError.UNRECOGNIZED)))
          .isInstanceOf(EncoderException.class);
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void routeRefreshExactBytes() {
    // length 23, type 5, AFI 2, reserved, SAFI 1
    String bytes = MARKER + "0017 05 0002 00 01";
    RouteRefresh rr = new RouteRefresh(2, 1);
    assertThat(encode(rr)).isEqualTo(hex(bytes));
    assertThat(decode(hex(bytes))).isEqualTo(rr);
    // RFC 7313 subtype in the reserved octet is ignored
    assertThat(decode(hex(MARKER + "0017 05 0001 01 01"))).isEqualTo(new RouteRefresh(1, 1));
  }
}
