package io.ironlb.speaker.l2;

import static io.ironlb.speaker.l2.TestFrames.VIP4;
import static io.ironlb.speaker.l2.TestFrames.VIP6;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.l2.wire.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class L2FloodTest {

  @Test
  void hundredThousandRequestsForUnownedIpsProduceNoReplyAndNoRetainedState() throws Exception {
    try (L2Fixture f = L2Fixture.owning(VIP4, VIP6)) {
      InMemoryPacketTransport eth0 = f.node("eth0");
      int stateBefore = f.announcer.retainedStateSize();

      for (int i = 0; i < 100_000; i++) {
        eth0.inject(i % 2 == 0 ? arpFor(i) : nsFor(i));
      }

      assertThat(eth0.sent()).isEmpty();
      assertThat(f.metrics.requests).isEmpty();
      assertThat(f.metrics.responses).isEmpty();
      assertThat(f.metrics.malformed).isEmpty();
      assertThat(f.announcer.retainedStateSize()).isEqualTo(stateBefore);
    }
  }

  private static byte[] arpFor(int i) throws Exception {
    byte[] a = {(byte) 198, 51, (byte) (i >>> 8), (byte) i}; // 198.51.x.y: never owned
    return TestFrames.arpRequest(MacAddress.BROADCAST, (Inet4Address) InetAddress.getByAddress(a));
  }

  private static byte[] nsFor(int i) throws Exception {
    byte[] a = InetAddress.getByName("2001:db8:ffff::").getAddress();
    a[14] = (byte) (i >>> 8);
    a[15] = (byte) i;
    return TestFrames.ns((Inet6Address) InetAddress.getByAddress(a));
  }
}
