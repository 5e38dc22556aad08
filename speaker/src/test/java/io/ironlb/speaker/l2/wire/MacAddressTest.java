package io.ironlb.speaker.l2.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class MacAddressTest {

  @Test
  void parsesPrintsAndRoundTripsBytes() {
    MacAddress mac = MacAddress.parse("02:AB:cd:00:00:FF");

    assertThat(mac.toString()).isEqualTo("02:ab:cd:00:00:ff");
    assertThat(MacAddress.of(mac.bytes())).isEqualTo(mac);
    assertThat(mac.isMulticast()).isFalse();
    assertThat(MacAddress.BROADCAST.isMulticast()).isTrue();
    assertThat(MacAddress.BROADCAST.isBroadcast()).isTrue();
  }

  @Test
  void ipv6MulticastMapsToThe3333Prefix() throws Exception {
    // RFC 2464 §7: 33:33 followed by the last 32 bits of the group
    Inet6Address group = (Inet6Address) InetAddress.getByName("ff02::1:ff12:3456");

    assertThat(MacAddress.ofIpv6Multicast(group)).isEqualTo(MacAddress.parse("33:33:ff:12:34:56"));
  }

  @Test
  void rejectsMalformedText() {
    assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00:0g"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MacAddress.of(new byte[4]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
